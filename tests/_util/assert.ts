/**
 * Minimal assertions (JSR's @std/assert is unreachable here). Built on
 * node:assert, which Deno provides.
 */
import nodeAssert from "node:assert/strict";
import { ViewportError } from "../../src/protocol/errors.ts";

export function assert(cond: unknown, msg?: string): asserts cond {
  nodeAssert.ok(cond, msg);
}
export function assertEquals<T>(actual: unknown, expected: T, msg?: string): asserts actual is T {
  nodeAssert.deepStrictEqual(actual, expected, msg);
}
export function assertNotEquals(actual: unknown, expected: unknown, msg?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, msg);
}
export function assertMatch(actual: string, re: RegExp, msg?: string): void {
  nodeAssert.match(actual, re, msg);
}

/** Asserts `fn` throws a ViewportError with `code`; returns it for more checks. */
export function assertViewportError(
  fn: () => unknown,
  code: string,
  match?: RegExp,
): ViewportError {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ViewportError)) {
      throw new Error(`expected ViewportError(${code}), got ${String(err)}`, { cause: err });
    }
    nodeAssert.equal(err.code, code, `wrong code; message: ${err.message}`);
    if (match) nodeAssert.match(err.message, match);
    return err;
  }
  throw new Error(`expected ViewportError(${code}), nothing was thrown`);
}

/** Async variant of {@linkcode assertViewportError}. */
export async function assertRejectsViewportError(
  fn: () => Promise<unknown>,
  code: string,
  match?: RegExp,
): Promise<ViewportError> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ViewportError)) {
      throw new Error(`expected ViewportError(${code}), got ${String(err)}`, { cause: err });
    }
    nodeAssert.equal(err.code, code, `wrong code; message: ${err.message}`);
    if (match) nodeAssert.match(err.message, match);
    return err;
  }
  throw new Error(`expected ViewportError(${code}), nothing was thrown`);
}

/** Asserts `fn` throws an error of class `cls`. */
export function assertThrows(
  fn: () => unknown,
  cls: new (...a: never[]) => Error,
  match?: RegExp,
): Error {
  try {
    fn();
  } catch (err) {
    nodeAssert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    if (match) nodeAssert.match((err as Error).message, match);
    return err as Error;
  }
  throw new Error(`expected ${cls.name}, nothing was thrown`);
}

/** Asserts the promise from `fn` rejects with an error of class `cls`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  cls: new (...a: never[]) => Error,
  match?: RegExp,
): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    nodeAssert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    if (match) nodeAssert.match((err as Error).message, match);
    return err as Error;
  }
  throw new Error(`expected ${cls.name}, nothing was thrown`);
}
