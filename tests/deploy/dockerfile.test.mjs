// Static checks of deploy/docker/Dockerfile (no Docker engine is needed or used), and the
// runtime-library coverage check against `ldd` of real binaries when a build dir has them.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { SERVICES, ofKind } from './lib/policy.mjs';
import { REPO_ROOT, renderTree } from './lib/render.mjs';

const DOCKER_DIR = path.join(REPO_ROOT, 'deploy/docker');
const DOCKERFILE = path.join(DOCKER_DIR, 'Dockerfile');
const CHECK_LIBS = path.join(DOCKER_DIR, 'check_runtime_libs.sh');

// Splits a Dockerfile into stages of instructions, joining continuation lines.
function parseDockerfile(text) {
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

const stages = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const build = stages.find((s) => s.name === 'build');
const runtime = stages.at(-1);
const runArgs = (stage) => stage.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');

describe('Dockerfile', () => {
  test('builds on debian:12 and ships on debian:12-slim', () => {
    assert.equal(stages.length, 2);
    assert.equal(build?.image, 'debian:12');
    assert.equal(runtime.image, 'debian:12-slim');
  });

  test('the build stage installs the Debian build dependencies and disables tests and benchmarks', () => {
    const run = runArgs(build);
    for (const pkg of ['build-essential', 'cmake', 'ninja-build', 'pkg-config', 'libgrpc++-dev',
      'protobuf-compiler-grpc', 'libprotobuf-dev', 'protobuf-compiler', 'libeigen3-dev',
      'libabsl-dev', 'libboost-math-dev', 'libcli11-dev', 'grpc-proto']) {
      assert.ok(run.split(/\s+/).includes(pkg), `build stage lacks ${pkg}`);
    }
    assert.match(run, /-DGOVMETRICS_BUILD_TESTS=OFF/);
    assert.match(run, /-DGOVMETRICS_BUILD_BENCH=OFF/);
    assert.match(run, /-DCMAKE_BUILD_TYPE=Release/);
  });

  test('the runtime stage installs the gRPC, protobuf and Abseil runtime libraries only', () => {
    const words = runArgs(runtime).split(/\s+/);
    for (const pkg of ['libgrpc++1.51', 'libprotobuf32', 'libabsl20220623']) assert.ok(words.includes(pkg), pkg);
    for (const w of words) assert.ok(!/-dev$/.test(w), `runtime stage installs ${w}`);
    assert.match(runArgs(runtime), /--no-install-recommends/);
    assert.match(runArgs(runtime), /rm -rf \/var\/lib\/apt\/lists/);
  });

  test('runs as the non-root uid 65532 the manifests expect', () => {
    const user = runtime.instructions.filter((i) => i.op === 'USER').at(-1);
    assert.equal(user?.args, '65532:65532');
    assert.match(runArgs(runtime), /useradd .*--uid 65532/);
  });

  test('installs every binary a Deployment runs into /usr/local/bin, and sets no ENTRYPOINT', () => {
    const buildRun = runArgs(build);
    const copy = runtime.instructions.find((i) => i.op === 'COPY' && i.args.includes('--from=build'));
    assert.equal(copy?.args, '--from=build /out/ /usr/local/bin/');
    for (const name of Object.keys(SERVICES)) {
      const short = name.replace('govmetrics-', '');
      assert.ok(buildRun.includes(`/build/services/${short}/${SERVICES[name].binary} `), `${name} not installed into /out`);
    }
    for (const tree of ['dev', 'prod']) {
      for (const d of ofKind(renderTree(tree), 'Deployment')) {
        const bin = path.basename(d.spec.template.spec.containers[0].command[0]);
        assert.ok(buildRun.includes(`/${bin} `), `${tree} ${d.metadata.name} runs ${bin}, which the image lacks`);
      }
    }
    assert.equal(runtime.instructions.some((i) => i.op === 'ENTRYPOINT'), false);
  });

  test('the dockerignore keeps the sources CMake needs and drops the rest', () => {
    const ignore = readFileSync(path.join(DOCKER_DIR, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const needed of ['CMakeLists.txt', 'proto', 'common', 'services', 'clients', 'clients/cli']) {
      assert.ok(!ignore.includes(needed), `${needed} is ignored but the build needs it`);
    }
    for (const dropped of ['.git', '**/node_modules', 'tests', 'bench']) assert.ok(ignore.includes(dropped), dropped);
    // CMake only descends into tests/ and bench/ when they are ON; the build must keep them OFF.
    assert.match(runArgs(build), /GOVMETRICS_BUILD_TESTS=OFF.*GOVMETRICS_BUILD_BENCH=OFF/);
  });
});

describe('check_runtime_libs.sh', () => {
  const haveDpkg = spawnSync('dpkg', ['-S', '/usr/bin/protoc'], { encoding: 'utf8' }).status === 0;
  const skip = haveDpkg ? false : 'needs dpkg and /usr/bin/protoc (Debian protobuf-compiler)';

  const withDockerfile = (packages, fn) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'govmetrics-dockerfile-'));
    try {
      const file = path.join(dir, 'Dockerfile');
      writeFileSync(file, [
        'FROM debian:12 AS build',
        'RUN apt-get install -y libprotoc32',
        'FROM debian:12-slim AS runtime',
        'RUN apt-get update \\',
        ` && apt-get install -y --no-install-recommends ${packages.join(' ')} \\`,
        ' && rm -rf /var/lib/apt/lists/*',
        '',
      ].join('\n'));
      return fn(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test('passes when the runtime stage installs what ldd needs', { skip }, () => {
    withDockerfile(['libprotoc32', 'libprotobuf32', 'zlib1g'], (file) => {
      const r = spawnSync(CHECK_LIBS, ['--dockerfile', file, '/usr/bin/protoc'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /libprotoc32/);
    });
  });

  test('fails and names the package when a library would be missing', { skip }, () => {
    withDockerfile(['zlib1g'], (file) => {
      const r = spawnSync(CHECK_LIBS, ['--dockerfile', file, '/usr/bin/protoc'], { encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /missing from the runtime stage: libprotoc32/);
    });
  });

  const buildDir = process.env.GOVMETRICS_BUILD_DIR;
  const binaries = buildDir
    ? Object.keys(SERVICES).map((n) => path.join(buildDir, 'services', n.replace('govmetrics-', ''), n)).filter(existsSync)
    : [];
  test('the real Dockerfile covers ldd of the built service binaries (those that exist)',
    { skip: binaries.length > 0 ? false : 'no built service binaries (set GOVMETRICS_BUILD_DIR)' }, () => {
      const r = spawnSync(CHECK_LIBS, binaries, { encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    });
});
