// Ids are short hex or word characters; anything else cannot be a release and is not looked up.
const RELEASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isReleaseId(id: string): boolean {
  return RELEASE_ID.test(id);
}
