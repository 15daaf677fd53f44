/**
 * `npm start` (decision 0019): the server, src/main.ts, as one JavaScript file that esbuild makes
 * at `npm install` (postinstall runs `node scripts/start.mjs --build`), so a start neither
 * transforms nor resolves some 370 TypeScript modules through tsx: about half of a cold start's
 * CPU time went there (docs/bench.md). The packages stay outside the file (node_modules).
 *
 * Never stale: the file is used only while every source file it was made from has the size and
 * modification time it had then; after an edit or a checkout this start makes it again first
 * (about a second). If esbuild cannot make it, the server runs through tsx as before.
 *
 * Plain JavaScript, since it runs before anything can read TypeScript.
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'src', 'main.ts');
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'perheverkko');
const BUNDLE = join(OUT_DIR, 'server.mjs');
/** the source files the bundle was made from, each with its [size, mtimeMs] then */
const INPUTS = join(OUT_DIR, 'server.inputs.json');

const posix = (path) => path.split(sep).join('/');

/** True when the bundle exists and no file it was made from has changed since. */
function isFresh() {
  try {
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
    if (inputs.node !== process.versions.node) return false;
    for (const [file, [size, mtimeMs]] of Object.entries(inputs.files)) {
      const stat = statSync(join(ROOT, file));
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return false;
    }
    return statSync(BUNDLE).isFile();
  } catch {
    return false;
  }
}

/**
 * A module finds the files beside it with `new URL('./x.css', import.meta.url)`: in the bundle
 * each module's import.meta.url becomes its own source file's address again, relative to the
 * bundle, so the checkout can move.
 */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (!args.path.startsWith(join(ROOT, 'src') + sep)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      // from where node finds the bundle: its real path, should node_modules be a link
      const from = realpathSync(OUT_DIR);
      const address = `new URL(${JSON.stringify(posix(relative(from, realpathSync(args.path))))}, import.meta.url).href`;
      return {
        contents: text.replaceAll('import.meta.url', address),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
};

/** Makes the bundle and records its inputs; each file is written beside and renamed into place. */
async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(OUT_DIR, { recursive: true });
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    // NODE_OPTIONS=--enable-source-maps for stack traces in the TypeScript files
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'error',
    absWorkingDir: ROOT,
    plugins: [sourceUrls],
  });
  const files = {};
  let changedWhileBuilding = false;
  for (const input of Object.keys(result.metafile.inputs)) {
    const stat = statSync(join(ROOT, input));
    files[posix(input)] = [stat.size, stat.mtimeMs];
    if (stat.mtimeMs >= started) changedWhileBuilding = true;
  }
  for (const output of result.outputFiles) {
    mkdirSync(dirname(output.path), { recursive: true });
    writeFileSync(`${output.path}.${process.pid}`, output.contents);
    renameSync(`${output.path}.${process.pid}`, output.path);
  }
  // a file edited while esbuild read it: the next start makes the bundle again
  if (!changedWhileBuilding) {
    writeFileSync(`${INPUTS}.${process.pid}`, JSON.stringify({ node: process.versions.node, files }));
    renameSync(`${INPUTS}.${process.pid}`, INPUTS);
  }
}

if (process.argv[2] === '--build') {
  await build();
  console.log(`written ${BUNDLE}`);
} else {
  let bundled = isFresh();
  if (!bundled) {
    try {
      await build();
      bundled = true;
    } catch (error) {
      console.error(
        `note: the server could not be bundled (${error instanceof Error ? error.message.split('\n')[0] : error}); running it through tsx`,
      );
    }
  }
  if (bundled) {
    await import(pathToFileURL(BUNDLE).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(pathToFileURL(ENTRY).href);
  }
}
