/** The image name `image:` (or a Dockerfile `FROM`) gives, with Docker's implied `:latest` when it has no tag or digest. */
export function imageKey(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return undefined;
  const name = image.slice(image.lastIndexOf('/') + 1);
  return name.includes(':') || name.includes('@') ? image : `${image}:latest`;
}
