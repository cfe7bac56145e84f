// Static checks of deploy/docker/Dockerfile (no Docker engine is needed or used), and the
// runtime-library coverage check against `ldd` of real binaries when a build dir has them.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  aptClosure, buildStageViolations, contextPathsNeeded, debianPackageOf, dockerignoreRules, isIgnored, parseDockerfile,
  requiredPkgConfigModules, runArgs, setupBuildPackages,
} from './lib/dockerfile.mjs';
import { SERVICES, ofKind } from './lib/policy.mjs';
import { REPO_ROOT, renderTree } from './lib/render.mjs';

const DOCKER_DIR = path.join(REPO_ROOT, 'deploy/docker');
const DOCKERFILE = path.join(DOCKER_DIR, 'Dockerfile');
const CHECK_LIBS = path.join(DOCKER_DIR, 'check_runtime_libs.sh');

// The CMake files the image build reads: those in the build context (tests/ and bench/
// are ignored there, and the build keeps them OFF).
const IGNORE_RULES = dockerignoreRules(readFileSync(path.join(DOCKER_DIR, 'Dockerfile.dockerignore'), 'utf8'));
const IMAGE_CMAKE_FILES = execFileSync('git', ['ls-files', '*CMakeLists.txt', '*.cmake'], { cwd: REPO_ROOT, encoding: 'utf8' })
  .split('\n').filter((f) => f && !isIgnored(IGNORE_RULES, f));

const stages = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const build = stages.find((s) => s.name === 'build');
const runtime = stages.at(-1);

describe('Dockerfile', () => {
  test('builds on debian:12 and ships on debian:12-slim', () => {
    assert.equal(stages.length, 2);
    assert.equal(build?.image, 'debian:12');
    assert.equal(runtime.image, 'debian:12-slim');
  });

  test('the build stage installs scripts/setup.sh --build and disables tests and benchmarks', () => {
    assert.deepEqual(buildStageViolations(build), []);
    const run = runArgs(build);
    assert.match(run, /-DGOVMETRICS_BUILD_TESTS=OFF/);
    assert.match(run, /-DGOVMETRICS_BUILD_BENCH=OFF/);
    assert.match(run, /-DCMAKE_BUILD_TYPE=Release/);
  });

  test('a build stage with its own apt-get list instead of setup.sh --build fails the check', () => {
    const broken = parseDockerfile(readFileSync(DOCKERFILE, 'utf8')
      .replace(/COPY scripts\/setup\.sh \S+\nRUN \S+ --build/, 'RUN apt-get update && apt-get install -y build-essential cmake'));
    assert.match(buildStageViolations(broken.find((s) => s.name === 'build')).join('\n'), /does not COPY scripts\/setup\.sh/);
    const notRun = parseDockerfile(readFileSync(DOCKERFILE, 'utf8').replace(/setup\.sh --build/, 'setup.sh'));
    assert.match(buildStageViolations(notRun.find((s) => s.name === 'build')).join('\n'), /does not run \S+ --build/);
  });

  test('setup.sh --build provides every pkg-config module the image build requires, and node/npm', () => {
    const packages = setupBuildPackages();
    for (const pkg of ['nodejs', 'npm', 'libreadstat-dev', 'libxlsxwriter-dev', 'librsvg2-dev']) assert.ok(packages.includes(pkg), pkg);
    const closure = aptClosure(packages) ?? new Set(packages);
    const modules = requiredPkgConfigModules(IMAGE_CMAKE_FILES);
    assert.ok(modules.some((m) => m.module === 'xlsxwriter'), 'no pkg_check_modules found in the CMake files');
    for (const { module, file } of modules) {
      const dir = spawnSync('pkg-config', ['--variable=pcfiledir', module], { encoding: 'utf8' }).stdout.trim();
      const owner = dir && debianPackageOf(path.join(dir, `${module}.pc`));
      assert.ok(owner, `${file} requires pkg-config module ${module}, which no Debian package here provides`);
      assert.ok(closure.has(owner), `${file} requires ${module} (${owner}), which setup.sh --build does not install`);
    }
  });

  test('the build context keeps every file the image build reads', () => {
    const needed = contextPathsNeeded(IMAGE_CMAKE_FILES, stages);
    assert.ok(needed.some((n) => n.path.startsWith('data/regions/')), 'no ${PROJECT_SOURCE_DIR} paths found');
    for (const { path: p, why } of needed) assert.ok(!isIgnored(IGNORE_RULES, p), `${p} (read by ${why}) is dockerignored`);
    // and the matcher does exclude: a context without the exception loses the region tables
    const withoutException = dockerignoreRules('data\nscripts\n!scripts/setup.sh\n');
    assert.ok(isIgnored(withoutException, 'data/regions/china_province_capitals.csv'));
    assert.ok(!isIgnored(withoutException, 'scripts/setup.sh'));
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
    for (const needed of ['CMakeLists.txt', 'proto', 'common', 'services', 'clients', 'clients/cli', 'web']) {
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

  // The six binaries the image ships (run_deploy_tests.sh --build-dir, which ctest passes).
  const buildDir = process.env.GOVMETRICS_BUILD_DIR;
  const shipped = [
    ...Object.keys(SERVICES).map((n) => path.join('services', n.replace('govmetrics-', ''), n)),
    'clients/cli/govmetrics',
  ];
  const binaries = buildDir ? shipped.map((b) => path.join(buildDir, b)).filter(existsSync) : [];
  test('the real Dockerfile covers ldd of the built service binaries and the CLI (those that exist)',
    { skip: binaries.length > 0 ? false : 'no built binaries (set GOVMETRICS_BUILD_DIR)' }, (t) => {
      if (binaries.length < shipped.length) t.diagnostic(`only ${binaries.length} of ${shipped.length} binaries are built`);
      const r = spawnSync(CHECK_LIBS, binaries, { encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    });

  test('and fails on the real binaries when a library package is dropped from the runtime stage',
    { skip: binaries.some((b) => b.endsWith('govmetrics-reporting')) ? false : 'no built govmetrics-reporting' }, () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'govmetrics-dockerfile-'));
      try {
        const file = path.join(dir, 'Dockerfile');
        writeFileSync(file, readFileSync(DOCKERFILE, 'utf8').replace(/ librsvg2-2 /, ' '));
        const r = spawnSync(CHECK_LIBS, ['--dockerfile', file, ...binaries], { encoding: 'utf8' });
        assert.equal(r.status, 1, r.stdout);
        assert.match(r.stderr, /missing from the runtime stage: librsvg2-2/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
});

describe('PDF reports in the image', () => {
  const run = runArgs(runtime);
  const pdfInstall = run.match(/if \[ "\$WITH_PDF" = 1 \]; then\s+apt-get install -y --no-install-recommends ([^;]+);/);
  const pdfPackages = pdfInstall ? pdfInstall[1].trim().split(/\s+/) : [];

  test('WITH_PDF defaults to 1 and then installs xelatex (texlive-xetex) with ctex and Latin Modern', () => {
    const arg = runtime.instructions.find((i) => i.op === 'ARG' && i.args.startsWith('WITH_PDF'));
    assert.equal(arg?.args, 'WITH_PDF=1');
    for (const pkg of ['texlive-xetex', 'texlive-lang-chinese', 'lmodern']) assert.ok(pdfPackages.includes(pkg), pkg);
    // chart text (librsvg through fontconfig) needs Latin and CJK fonts whatever WITH_PDF is
    assert.match(run, /apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core fonts-noto-cjk/);
  });

  // Every class and package the LaTeX renderer's preamble loads must come with those packages.
  const haveTex = spawnSync('kpsewhich', ['article.cls'], { encoding: 'utf8' }).status === 0;
  test('the TeX packages ship every class and package the LaTeX renderer loads',
    { skip: haveTex ? false : 'needs kpsewhich (texlive) to locate the files' }, () => {
      const source = readFileSync(path.join(REPO_ROOT, 'services/reporting/render/latex_renderer.cc'), 'utf8');
      const files = [
        ...[...source.matchAll(/\\\\documentclass(?:\[[^\]]*\])?\{(\w+)\}/g)].map((m) => `${m[1]}.cls`),
        ...[...source.matchAll(/\\\\usepackage(?:\[[^\]]*\])?\{([\w,]+)\}/g)].flatMap((m) => m[1].split(',').map((n) => `${n}.sty`)),
      ];
      assert.ok(files.includes('ctexart.cls') && files.includes('booktabs.sty'), `parsed ${files}`);
      const closure = aptClosure(pdfPackages);
      assert.ok(closure, 'apt-cache has no package lists');
      for (const file of files) {
        const found = spawnSync('kpsewhich', [file], { encoding: 'utf8' }).stdout.trim();
        assert.ok(found, `kpsewhich finds no ${file}`);
        const owner = debianPackageOf(found);
        assert.ok(owner && closure.has(owner), `${file} (${owner}) is not installed by ${pdfPackages.join(' ')}`);
      }
    });
});
