/** Assertions on thrown errors shared by the unit tests. */
import { expect } from 'vitest';

type ErrorClass = abstract new (...args: never[]) => Error;

/** The message of what `fn` throws, asserted to be a `type`; fails the test when nothing is thrown. */
export function thrownMessage(fn: () => unknown, type: ErrorClass): string {
  let caught: unknown = undefined;
  let threw = false;
  try {
    fn();
  } catch (e) {
    [caught, threw] = [e, true];
  }
  expect(threw, 'expected a throw').toBe(true);
  expect(caught).toBeInstanceOf(type);
  return (caught as Error).message;
}

/** The message `p` rejects with, asserted to be a `type`; fails the test when it resolves. */
export async function rejectionMessage(p: Promise<unknown>, type: ErrorClass): Promise<string> {
  const [caught, rejected] = await p.then(
    () => [undefined, false] as const,
    (e: unknown) => [e, true] as const,
  );
  expect(rejected, 'expected a rejection').toBe(true);
  expect(caught).toBeInstanceOf(type);
  return (caught as Error).message;
}
