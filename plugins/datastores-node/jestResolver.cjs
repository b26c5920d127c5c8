// kubernetes-models v5 and @kubernetes-models/* v2 ship ES modules only (an `import` export
// condition and no `require`), while Jest resolves with `require` conditions. Resolve those
// packages with `import`; the Backstage CLI's SWC transform turns them into CommonJS.
// Used by the tests only (to validate rendered ExternalSecrets against ESO's schema).
// package.json gives this project its own jest `id`: the Backstage CLI derives the id from the
// transform only, and projects sharing an id share one resolver in a repo-wide run.
const ESM_ONLY = /^(@kubernetes-models\/|kubernetes-models(\/|$))/;

module.exports = (request, options) =>
  options.defaultResolver(
    request,
    ESM_ONLY.test(request)
      ? { ...options, conditions: ['import', 'node', 'default'] }
      : options,
  );
