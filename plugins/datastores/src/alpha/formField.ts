import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** The decision preview field of the "Provision datastore" template. */
export const datastoreDecisionPreviewFormField = FormFieldBlueprint.make({
  name: 'decision-preview',
  params: {
    field: () =>
      import('./decisionPreviewField').then(
        m => m.datastoreDecisionPreviewField,
      ),
  },
});
