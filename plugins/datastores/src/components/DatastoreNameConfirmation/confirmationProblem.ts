/**
 * Why a typed confirmation does not confirm, or undefined when it does: it must be exactly the
 * datastore's name (the form's `name`), as cloud consoles ask before a deletion. The
 * `datastores:decommission` action checks the same again (`confirmName`).
 */
export function confirmationProblem(
  typed: unknown,
  formData: unknown,
): string | undefined {
  const name =
    typeof formData === 'object' && formData !== null
      ? (formData as Record<string, unknown>).name
      : undefined;
  if (typeof name !== 'string' || name === '') {
    return 'Choose the datastore first: its name is what you type here to confirm.';
  }
  if (typed !== name) {
    return `Type the datastore's name, ${name}, exactly, to confirm the decommission.`;
  }
  return undefined;
}
