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

/** The datastore name field of the "Provision datastore" template. */
export const datastoreNameFormField = FormFieldBlueprint.make({
  name: 'datastore-name',
  params: {
    field: () => import('./nameField').then(m => m.datastoreNameField),
  },
});

/** The typed confirmation of the "Decommission datastore" template. */
export const datastoreNameConfirmationFormField = FormFieldBlueprint.make({
  name: 'datastore-name-confirmation',
  params: {
    field: () =>
      import('./nameConfirmationField').then(
        m => m.datastoreNameConfirmationField,
      ),
  },
});
