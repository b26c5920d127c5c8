import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/** Options of the field, under `ui:options`. @public */
export interface DatastoreDecisionPreviewOptions {
  /** How long the answers must be still before the backend is asked; 400 ms by default. */
  debounceMs?: number;
  /**
   * For "Change datastore": compare with the datastore named by the answers `service` and
   * `name` (read from the backend), taking its kind and engine from it, and say whether the
   * change is made in place or adds a new datastore.
   */
  change?: boolean;
}

/** Props of the field. @public */
export type DatastoreDecisionPreviewProps = FieldExtensionComponentProps<
  unknown,
  DatastoreDecisionPreviewOptions
>;
