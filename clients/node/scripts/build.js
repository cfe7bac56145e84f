'use strict';
// Makes the package self-contained (run by `npm run build` and before `npm pack`/`publish`):
//   proto/            the contracts, copied from the repository's proto/ ($GOVMETRICS_PROTO_DIR)
//   src/index.mjs     the ESM entry: named exports of the CommonJS module
//   types/index.d.ts  TypeScript definitions generated from the contracts: every message as an
//                     interface (proto field names, enums as string unions, int64 as string),
//                     every service as a client class with one typed method per RPC.

const fs = require('node:fs');
const path = require('node:path');
const protobuf = require('protobufjs');

const HERE = path.resolve(__dirname, '..');
const SOURCE = process.env.GOVMETRICS_PROTO_DIR || path.resolve(HERE, '..', '..', 'proto');

function copyProtos() {
  const target = path.join(HERE, 'proto');
  fs.rmSync(target, {recursive: true, force: true});
  fs.cpSync(SOURCE, target, {recursive: true, filter: (src) => fs.statSync(src).isDirectory() || src.endsWith('.proto')});
  fs.rmSync(path.join(target, 'CMakeLists.txt'), {force: true});
  return target;
}

// As returned (responses: longs as strings, enums as names) and as accepted (requests: every
// field optional, int64 also as a number, enums also as numbers).
const SCALARS = {
  double: 'number', float: 'number', int32: 'number', uint32: 'number', sint32: 'number', fixed32: 'number',
  sfixed32: 'number', int64: 'string', uint64: 'string', sint64: 'string', fixed64: 'string', sfixed64: 'string',
  bool: 'boolean', string: 'string', bytes: 'Buffer',
};
const INPUT_SCALARS = {...SCALARS, int64: 'string | number', uint64: 'string | number', sint64: 'string | number',
  fixed64: 'string | number', sfixed64: 'string | number'};

function typeName(reflected) {
  return reflected.fullName.replace(/^\./, '');
}

// Output `Foo`, input `FooInput`; enums: output `Color`, input `ColorInput`.
function fieldType(field, input) {
  const suffix = input ? 'Input' : '';
  const base = field.resolvedType ? `${typeName(field.resolvedType)}${suffix}` : (input ? INPUT_SCALARS : SCALARS)[field.type];
  if (field.map) return `{[key: string]: ${base}}`;
  return field.repeated ? `Array<${base}>` : base;
}

// Responses are decoded with defaults: scalars, enums and lists are always present; a
// message field is null when unset.
function outputField(field) {
  const optionalMessage = field.resolvedType instanceof protobuf.Type && !field.repeated && !field.map;
  return `    ${field.name}: ${fieldType(field, false)}${optionalMessage ? ' | null' : ''};`;
}

function messageDeclaration(type) {
  const oneofs = type.oneofsArray.map((o) => `    ${o.name}?: ${o.fieldsArray.map((f) => `'${f.name}'`).join(' | ')};`);
  // Extension fields (".google.api.http" on MethodOptions) are options, not message data.
  const fields = type.fieldsArray.filter((f) => !f.name.startsWith('.'));
  return [
    `  /** ${typeName(type)} as returned. */`,
    `  interface ${type.name} {`, ...fields.map(outputField), ...oneofs, '  }',
    `  /** ${typeName(type)} as accepted in a request. */`,
    `  interface ${type.name}Input {`,
    ...fields.map((f) => `    ${f.name}?: ${fieldType(f, true)} | null;`), '  }',
  ];
}

function enumDeclaration(type) {
  const names = Object.keys(type.values).map((v) => `'${v}'`).join(' | ');
  return [`  type ${type.name} = ${names};`, `  type ${type.name}Input = ${type.name} | number;`];
}

// `namespace a.b.c { ... }` blocks for every package with messages or enums.
function namespaces(root) {
  const byNamespace = new Map();
  const visit = (ns) => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) {
        const key = typeName(nested.parent);
        if (!byNamespace.has(key)) byNamespace.set(key, []);
        byNamespace.get(key).push(...(nested instanceof protobuf.Type ? messageDeclaration(nested) : enumDeclaration(nested)));
      }
      if (nested.nestedArray) visit(nested);
    }
  };
  visit(root);
  return [...byNamespace.entries()].sort().flatMap(([ns, lines]) => [`export namespace ${ns} {`, ...lines, '}', '']);
}

function clientDeclarations(services) {
  const out = [];
  for (const s of services) {
    out.push(`/** Client of ${s.fullName}. */`, `export class ${s.clientName} extends ClientBase {`);
    for (const m of s.methods) {
      const rpc = ROOT.lookupService(s.fullName).methods[m.rpc].resolve();
      const reqType = typeName(rpc.resolvedRequestType);
      const resType = typeName(rpc.resolvedResponseType);
      if (m.clientStreaming && m.serverStreaming) {
        out.push(`  ${m.name}(options?: CallOptions): ClientDuplexStream<${reqType}Input, ${resType}>;`);
      } else if (m.clientStreaming) {
        out.push(`  ${m.name}(options?: CallOptions): ClientWritableStream<${reqType}Input> & {response: Promise<${resType}>};`);
      } else if (m.serverStreaming) {
        out.push(`  ${m.name}(request?: ${reqType}Input, options?: CallOptions): ClientReadableStream<${resType}> & AsyncIterable<${resType}>;`);
      } else {
        out.push(`  ${m.name}(request?: ${reqType}Input, options?: CallOptions): Promise<${resType}>;`);
      }
    }
    out.push('}', '');
  }
  return out;
}

// The reflected contracts (protobufjs Root) the declarations are generated from.
let ROOT;

function writeTypes(services, root) {
  ROOT = root;
  const header = fs.readFileSync(path.join(HERE, 'scripts', 'types_header.d.ts'), 'utf8');
  const body = [...namespaces(root), ...clientDeclarations(services)];
  fs.mkdirSync(path.join(HERE, 'types'), {recursive: true});
  fs.writeFileSync(path.join(HERE, 'types', 'index.d.ts'), `${header}\n${body.join('\n')}\n`);
}

function writeEsmEntry(names) {
  const lines = [
    '// Generated by scripts/build.js: the ESM entry re-exports the CommonJS module.',
    "import cjs from './index.js';",
    '',
    'export default cjs;',
    `export const {${names.join(', ')}} = cjs;`,
    '',
  ];
  fs.writeFileSync(path.join(HERE, 'src', 'index.mjs'), lines.join('\n'));
}

function main() {
  const protoDir = copyProtos();
  process.env.GOVMETRICS_PROTO_DIR = protoDir;
  const gm = require('../src/index.js');
  const {services, root} = gm.loadContracts(protoDir);
  writeTypes(services, root);
  writeEsmEntry(Object.keys(gm).sort());
  console.log(`build: ${services.length} services, ${services.reduce((n, s) => n + s.methods.length, 0)} RPCs`);
}

main();
