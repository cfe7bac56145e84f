// Static checks of deploy/docker/Dockerfile and its dockerignore (no Docker engine needed).
// Each check takes parsed input and returns human-readable violations (empty = pass), so
// the tests can show that it passes on the real files AND fails on a broken copy.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './render.mjs';

export const SETUP_SH = path.join(REPO_ROOT, 'scripts/setup.sh');

// Splits a Dockerfile into stages of instructions, joining continuation lines.
export function parseDockerfile(text) {
  const logical = text.replace(/\\\n/g, ' ').split('\n')
    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages = [];
  for (const line of logical) {
    const [, instr, rest] = line.match(/^(\S+)\s*(.*)$/);
    const op = instr.toUpperCase();
    if (op === 'FROM') {
      const m = rest.match(/^(\S+)(?:\s+AS\s+(\S+))?/i);
      stages.push({ image: m[1], name: m[2], instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1).instructions.push({ op, args: rest });
    }
  }
  return stages;
}

export const runArgs = (stage) => stage.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');

// The build dependencies are one list, scripts/setup.sh's `build_packages`: the build stage
// must copy that script and run it with --build (a hand-written apt-get list would drift).
export function buildStageViolations(stage) {
  const violations = [];
  const copy = stage.instructions.find((i) => i.op === 'COPY' && /(^|\s)scripts\/setup\.sh\s/.test(i.args));
  if (!copy) return ['build stage does not COPY scripts/setup.sh'];
  const target = copy.args.trim().split(/\s+/).at(-1);
  const runsIt = stage.instructions.some((i) => i.op === 'RUN' &&
    new RegExp(`(^|[\\s;&|])${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+--build(\\s|$)`).test(i.args));
  if (!runsIt) violations.push(`build stage does not run ${target} --build (scripts/setup.sh's build packages)`);
  const order = stage.instructions.findIndex((i) => i.op === 'RUN' && i.args.includes('cmake --build'));
  const setupAt = stage.instructions.findIndex((i) => i.op === 'RUN' && i.args.includes(`${target} --build`));
  if (runsIt && order >= 0 && setupAt > order) violations.push('build stage installs its packages after compiling');
  return violations;
}

// The packages `scripts/setup.sh --build` installs (--print lists them without installing).
export function setupBuildPackages(setupScript = SETUP_SH) {
  const r = spawnSync(setupScript, ['--build', '--print'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`setup.sh --build --print failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

// Everything apt installs with `packages` (no recommends), as a Set; null without apt lists.
export function aptClosure(packages) {
  const r = spawnSync('apt-cache', ['depends', '--recurse', '--no-recommends', '--no-suggests', '--no-conflicts',
    '--no-breaks', '--no-replaces', '--no-enhances', ...packages], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 || !r.stdout) return null;
  return new Set(r.stdout.split('\n').filter((l) => l && !l.startsWith(' ')).map((l) => l.replace(/[<>]/g, '').split(':')[0]));
}

// The Debian package that installed `file`, or null.
export function debianPackageOf(file) {
  const r = spawnSync('dpkg', ['-S', file], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(':')[0].split(',')[0].trim() : null;
}

// The pkg-config modules the CMake files of the image build (tests and benchmarks OFF)
// require, as { module, file } pairs.
export function requiredPkgConfigModules(cmakeFiles) {
  const found = [];
  for (const file of cmakeFiles) {
    const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const m of text.matchAll(/pkg_check_modules\(\s*\S+\s+REQUIRED\s+(?:IMPORTED_TARGET\s+)?([^)]*)\)/g)) {
      for (const module of m[1].trim().split(/\s+/)) found.push({ module, file });
    }
  }
  return found;
}

// .dockerignore semantics (the subset this repository uses): `*` within one path element,
// `**` across elements, a pattern that matches a directory excludes everything under it,
// `!pattern` re-includes, and the last matching line wins.
function patternRegex(pattern) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') { re += '.*'; i++; if (pattern[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(/.*)?$`);
}

export function dockerignoreRules(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => (l.startsWith('!') ? { keep: true, re: patternRegex(l.slice(1)) } : { keep: false, re: patternRegex(l) }));
}

export function isIgnored(rules, relativePath) {
  let ignored = false;
  for (const rule of rules) if (rule.re.test(relativePath)) ignored = !rule.keep;
  return ignored;
}

// Repository paths the image build reads besides the source directories: files the
// non-test CMake files name through ${PROJECT_SOURCE_DIR}/..., and the COPY sources.
export function contextPathsNeeded(cmakeFiles, stages) {
  const needed = [];
  for (const file of cmakeFiles) {
    const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const m of text.matchAll(/\$\{PROJECT_SOURCE_DIR\}\/([\w./-]+)/g)) {
      if (!m[1].includes('*')) needed.push({ path: m[1].replace(/\/$/, ''), why: file });
    }
  }
  for (const stage of stages) {
    for (const i of stage.instructions) {
      if (i.op !== 'COPY' || i.args.includes('--from')) continue;
      const words = i.args.trim().split(/\s+/);
      for (const src of words.slice(0, -1)) if (src !== '.') needed.push({ path: src, why: `COPY in ${stage.name}` });
    }
  }
  return needed;
}
