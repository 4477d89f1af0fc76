// Runtime validation with compiled TypeBox checkers (one per schema, compiled on first use, not at import).
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { fail, ok, type Result } from './errors.js';

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor<T extends TSchema>(schema: T): TypeCheck<T> {
  let checker = compiled.get(schema);
  if (checker === undefined) {
    checker = TypeCompiler.Compile(schema);
    compiled.set(schema, checker);
  }
  return checker as TypeCheck<T>;
}

export function validate<T extends TSchema>(schema: T, value: unknown): Result<Static<T>> {
  const checker = checkerFor(schema);
  if (checker.Check(value)) return ok(value);
  const first = checker.Errors(value).First();
  return fail('PROTO_ERR_SCHEMA', first === undefined ? undefined : `${first.path || '/'} ${first.message}`);
}

export function isValid<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return checkerFor(schema).Check(value);
}
