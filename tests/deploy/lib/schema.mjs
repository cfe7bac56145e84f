// Schema validation of rendered objects with the npm package kubernetes-models.
//
// Two layers:
//  1. The kubernetes-models class for apiVersion/kind is constructed and .validate() runs
//     its generated JSON-schema validator (types, required fields, enums, int32 ranges).
//  2. Those schemas allow unknown properties, so a misspelt field (`livenessprobe`,
//     `readOnlyRootFileSystem`) would pass and be silently dropped by the API server.
//     strictFieldErrors walks the object against the TypeScript declarations that ship in
//     the same package and reports every property the declaration does not have, like
//     `kubectl apply --validate=strict` would.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const MODELS_DIR = path.dirname(require.resolve('kubernetes-models/package.json'));
const NODE_MODULES = path.resolve(MODELS_DIR, '..');

export async function modelClassFor(apiVersion, kind) {
  let mod;
  try {
    mod = await import(`kubernetes-models/${apiVersion}`);
  } catch (err) {
    throw new Error(`unknown apiVersion ${apiVersion}: ${err.message}`);
  }
  const cls = mod[kind];
  if (typeof cls !== 'function') throw new Error(`unknown kind ${kind} in ${apiVersion}`);
  return cls;
}

// Returns a list of messages; empty when the object is valid.
export async function schemaErrors(obj) {
  if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return ['object has no apiVersion/kind'];
  }
  let cls;
  try {
    cls = await modelClassFor(obj.apiVersion, obj.kind);
  } catch (err) {
    return [err.message];
  }
  try {
    new cls(obj).validate();
  } catch (err) {
    return [`schema: ${err.message}`];
  }
  return [];
}

// ---- strict (unknown field) check from the .d.ts declarations -------------------------

const declCache = new Map();

function resolveModule(fromFile, spec) {
  const base = spec.startsWith('.')
    ? path.resolve(path.dirname(fromFile), spec)
    : path.join(NODE_MODULES, spec);
  const file = `${base}.d.ts`;
  if (!existsSync(file)) throw new Error(`cannot resolve ${spec} from ${fromFile}`);
  return file;
}

// Parses the one model a .d.ts file declares: {kind: 'object', props: Map(name -> type)}
// or {kind: 'leaf'} for type aliases (IntOrString, Quantity, Time, ...).
function loadDeclaration(file) {
  if (declCache.has(file)) return declCache.get(file);
  const text = readFileSync(file, 'utf8');
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ ([^}]+) \} from "([^"]+)";$/gm)) {
    for (const name of m[1].split(',').map((s) => s.trim())) {
      imports.set(name, m[2]);
    }
  }
  const head = text.match(/^export interface (I\w+)(?: extends [\w, ]+)? \{$/m);
  let decl;
  if (!head) {
    decl = { kind: 'leaf' };
  } else {
    const props = new Map();
    const body = text.slice(head.index + head[0].length);
    const end = body.search(/^\}$/m);
    const lines = body.slice(0, end).split('\n');
    for (const line of lines) {
      // Properties sit at exactly four spaces; nested map types are deeper.
      const m = line.match(/^ {4}"([^"]+)"\??: (.*)$/);
      if (!m) continue;
      const [, name, typeText] = m;
      props.set(name, parseType(typeText, imports, file));
    }
    decl = { kind: 'object', props };
  }
  declCache.set(file, decl);
  return decl;
}

function parseType(typeText, imports, file) {
  const t = typeText.replace(/;$/, '').trim();
  if (t === '{') return { kind: 'map' }; // { [key: string]: ... } spans several lines
  const arr = t.match(/^Array<(I\w+)>$/);
  const ref = arr ? arr[1] : (t.match(/^(I\w+)$/) || [])[1];
  if (ref && imports.has(ref)) {
    return { kind: arr ? 'array' : 'ref', file: resolveModule(file, imports.get(ref)) };
  }
  return { kind: 'leaf' };
}

function checkAgainst(value, file, where, errors) {
  const decl = loadDeclaration(file);
  if (decl.kind !== 'object' || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const type = decl.props.get(key);
    if (!type) {
      errors.push(`unknown field ${where}.${key}`);
      continue;
    }
    if (type.kind === 'ref') {
      checkAgainst(child, type.file, `${where}.${key}`, errors);
    } else if (type.kind === 'array' && Array.isArray(child)) {
      child.forEach((item, i) => checkAgainst(item, type.file, `${where}.${key}[${i}]`, errors));
    }
  }
}

export function strictFieldErrors(obj) {
  const [group, version] = obj.apiVersion.includes('/')
    ? obj.apiVersion.split('/')
    : [null, obj.apiVersion];
  const dir = group ? path.join(MODELS_DIR, group, version) : path.join(MODELS_DIR, version);
  const file = path.join(dir, `${obj.kind}.d.ts`);
  if (!existsSync(file)) return [`no declaration for ${obj.apiVersion} ${obj.kind}`];
  const errors = [];
  checkAgainst(obj, file, obj.kind, errors);
  return errors;
}
