/** An environment variable in Node; undefined in a browser, which has no process environment. */
export function environmentVariable(name: string): string | undefined {
  const scope = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return scope.process?.env?.[name];
}
