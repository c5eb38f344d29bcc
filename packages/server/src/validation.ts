/**
 * Request validation with TypeBox compiled checkers (no coercion, no silent
 * removal of unknown keys), reported as FastAPI's 422 `{detail:[…]}` body.
 */
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';

export interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
}

const MAX_DETAILS = 20;

const checkers = new WeakMap<object, TypeCheck<TSchema>>();

export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  let check = checkers.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checkers.set(schema, check);
  }
  const compiled = check;
  const part = httpPart ?? 'body';
  return (value: unknown) => {
    if (compiled.Check(value)) return { value };
    const error = new Error('validation failed') as Error & { validation: ValidationDetail[]; validationContext: string };
    error.validation = toDetails(compiled.Errors(value), part);
    error.validationContext = part;
    return { error };
  };
};

function toDetails(errors: Iterable<ValueError>, part: string): ValidationDetail[] {
  const out: ValidationDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const loc = [part, ...e.path.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : unescapePointer(s)))];
    const key = loc.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: errorType(e), loc, msg: errorMessage(e), input: e.value });
    if (out.length >= MAX_DETAILS) break;
  }
  return out;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function errorType(e: ValueError): string {
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'missing';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'extra_forbidden';
    case ValueErrorType.String:
      return 'string_type';
    case ValueErrorType.Number:
      return 'float_type';
    case ValueErrorType.Integer:
      return 'int_type';
    case ValueErrorType.Boolean:
      return 'bool_type';
    case ValueErrorType.Array:
      return 'list_type';
    case ValueErrorType.Object:
      return 'dict_type';
    case ValueErrorType.Literal:
      return 'literal_error';
    case ValueErrorType.Union:
      return 'union_error';
    default:
      return 'value_error';
  }
}

function errorMessage(e: ValueError): string {
  if (e.type === ValueErrorType.ObjectRequiredProperty) return 'Field required';
  if (e.type === ValueErrorType.ObjectAdditionalProperties) return 'Extra inputs are not permitted';
  return e.message;
}

/** Summarise details in one line for logs and CLI messages. */
export function describeDetails(details: ValidationDetail[]): string {
  return details.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; ');
}
