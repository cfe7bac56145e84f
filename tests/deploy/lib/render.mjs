// Renders the kustomize trees in deploy/k8s and parses them into plain objects.
//
// run_deploy_tests.sh renders once into $GOVMETRICS_RENDERED_DIR (<name>.yaml per tree) so
// every test file reads the same output; when that variable is unset (running
// `node --test` by hand) the tree is rendered here with `kubectl kustomize`.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const K8S_DIR = path.join(REPO_ROOT, 'deploy/k8s');

// Every kustomize tree that must render and validate. `base` is rendered too: it is usable
// on its own and the overlays inherit whatever is wrong with it.
export const TREES = {
  base: 'base',
  dev: 'overlays/dev',
  prod: 'overlays/prod',
  'prod-ingress': 'overlays/prod-ingress',
  'prod-postgres': 'overlays/prod-postgres',
};

const cache = new Map();

export function renderTreeText(name) {
  const rendered = process.env.GOVMETRICS_RENDERED_DIR;
  if (rendered) {
    const file = path.join(rendered, `${name}.yaml`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return execFileSync('kubectl', ['kustomize', path.join(K8S_DIR, TREES[name])], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

// Parses a multi-document YAML string; a YAML error is an exception, not a skipped document.
export function parseYamlDocuments(text) {
  const docs = parseAllDocuments(text);
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

export function renderTree(name) {
  if (!cache.has(name)) cache.set(name, parseYamlDocuments(renderTreeText(name)));
  // Deep copy so a test that mutates objects (negative tests) cannot poison the others.
  return structuredClone(cache.get(name));
}

export function objectId(obj) {
  return `${obj.kind}/${obj.metadata?.name ?? '?'}`;
}
