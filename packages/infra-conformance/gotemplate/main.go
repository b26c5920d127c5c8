// Renders a function-go-templating template the way the function does: Go's text/template
// with Sprig (minus env and expandenv) and the function's own helpers, executed on the
// RunFunctionRequest as a map. Input (stdin): {"template": "...", "request": {...}}.
// Output (stdout): the rendered manifests. Decoding them is left to the caller, which applies
// the function's YAML 1.1 decoding and its rules about annotations.
//
// Mirrors crossplane-contrib/function-go-templating function_maps.go (commit in
// ../schemas/PROVENANCE.tsv); only the helpers that need nothing but the request are here.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"

	// Debian ships Sprig v3 under its GOPATH import path (golang-github-masterminds-sprig-dev).
	sprig "github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

type input struct {
	Template string         `json:"template"`
	Request  map[string]any `json:"request"`
}

func toYaml(val any) (string, error) {
	res, err := yaml.Marshal(val)
	return string(res), err
}

func fromYaml(val string) (any, error) {
	var res any
	err := yaml.Unmarshal([]byte(val), &res)
	return res, err
}

// condition is crossplane-runtime's Condition as the template sees it.
type condition struct {
	Type               string
	Status             string
	Reason             string
	Message            string
	LastTransitionTime string
}

func getResourceCondition(ct string, res map[string]any) condition {
	status, _ := res["status"].(map[string]any)
	if inner, ok := res["resource"].(map[string]any); ok {
		if s, ok := inner["status"].(map[string]any); ok {
			status = s
		}
	}
	conditions, _ := status["conditions"].([]any)
	for _, c := range conditions {
		m, _ := c.(map[string]any)
		if m["type"] == ct {
			str := func(k string) string { s, _ := m[k].(string); return s }
			return condition{Type: ct, Status: str("status"), Reason: str("reason"), Message: str("message"), LastTransitionTime: str("lastTransitionTime")}
		}
	}
	return condition{Type: ct, Status: "Unknown"}
}

func setResourceNameAnnotation(name string) string {
	return fmt.Sprintf("gotemplating.fn.crossplane.io/composition-resource-name: %s", name)
}

func getComposedResource(req map[string]any, name string) map[string]any {
	observed, _ := req["observed"].(map[string]any)
	resources, _ := observed["resources"].(map[string]any)
	entry, _ := resources[name].(map[string]any)
	res, _ := entry["resource"].(map[string]any)
	return res
}

func getCompositeResource(req map[string]any) map[string]any {
	observed, _ := req["observed"].(map[string]any)
	composite, _ := observed["composite"].(map[string]any)
	res, _ := composite["resource"].(map[string]any)
	return res
}

// getExtraResources reads required (Crossplane v2) or extra (v1) resources, as the function does.
func getExtraResources(req map[string]any, name string) []any {
	for _, key := range []string{"requiredResources", "extraResources"} {
		all, _ := req[key].(map[string]any)
		if entry, ok := all[name].(map[string]any); ok {
			items, _ := entry["items"].([]any)
			return items
		}
	}
	return nil
}

func newTemplate() *template.Template {
	tpl := template.New("manifests")
	tpl.Funcs(template.FuncMap{
		"toYaml":                    toYaml,
		"fromYaml":                  fromYaml,
		"getResourceCondition":      getResourceCondition,
		"setResourceNameAnnotation": setResourceNameAnnotation,
		"getComposedResource":       getComposedResource,
		"getCompositeResource":      getCompositeResource,
		"getExtraResources":         getExtraResources,
	})
	tpl.Funcs(template.FuncMap{
		"include": func(name string, data any) (string, error) {
			var buf strings.Builder
			err := tpl.ExecuteTemplate(&buf, name, data)
			return buf.String(), err
		},
	})
	funcs := sprig.FuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	tpl.Funcs(funcs)
	return tpl
}

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("cannot read input", err)
	}
	var in input
	if err := json.Unmarshal(raw, &in); err != nil {
		fail("cannot decode input", err)
	}
	tmpl, err := newTemplate().Parse(in.Template)
	if err != nil {
		fail("invalid function input: cannot parse the provided templates", err)
	}
	if err := tmpl.Execute(os.Stdout, in.Request); err != nil {
		fail("cannot execute template", err)
	}
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
	os.Exit(1)
}
