// Re-render an Evidence site's pages against new data, reusing the compiled app of an earlier build.
//
//     node evidence_rerender.mjs <kit folder> <site folder>     (run in the project's .evidence/template)
//
// Why: `evidence build` spends about a minute compiling the app with Vite (some 4,400 modules) and about
// 15 s rendering the pages. The compiled app depends only on the pages, components and installed
// packages, never on the data: the pages read the data at render time (static/data, which `evidence
// sources` writes). So when only the data changed, this does what SvelteKit's build does after its
// compile step, with SvelteKit's own functions (its version is pinned exactly by Evidence's package):
// analyse the routes, prerender every page (queries that fail fail this, as in a strict build), write
// the public environment module, then assemble the site as adapter-static does (client files, the
// current static folder, the prerendered pages and their dependencies).

import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [kitFolder, siteFolder] = process.argv.slice(2);
if (!kitFolder || !siteFolder) {
	console.error('usage: node evidence_rerender.mjs <@sveltejs/kit folder> <site folder>');
	process.exit(2);
}
const kit = (path) => import(pathToFileURL(join(kitFolder, 'src', path)).href);

const { load_config } = await kit('core/config/index.js');
const { default: create_manifest_data } = await kit('core/sync/create_manifest_data/index.js');
const { get_env } = await kit('exports/vite/utils.js');
const { default: analyse } = await kit('core/postbuild/analyse.js');
const { default: prerender } = await kit('core/postbuild/prerender.js');

const config = await load_config();
const output = join(config.kit.outDir, 'output');
const manifest_path = join(output, 'server', 'manifest-full.js');
const { public: public_env, private: private_env } = get_env(config.kit.env, 'production');
const env = { ...private_env, ...public_env };

const metadata = await analyse({
	manifest_path,
	manifest_data: create_manifest_data({ config }),
	server_manifest: JSON.parse(readFileSync(join(output, 'server', '.vite', 'manifest.json'), 'utf-8')),
	tracked_features: {},
	env
});
rmSync(join(output, 'prerendered'), { recursive: true, force: true });
const { prerendered } = await prerender({ out: output, manifest_path, metadata, verbose: false, env });

// As adapter-static's builder: generateEnvModule, writeClient, writePrerendered.
const env_module = join(output, 'prerendered', 'dependencies', config.kit.appDir, 'env.js');
mkdirSync(dirname(env_module), { recursive: true });
writeFileSync(env_module, `export const env=${JSON.stringify(public_env)}`);

rmSync(siteFolder, { recursive: true, force: true });
cpSync(join(output, 'client'), siteFolder, {
	recursive: true,
	filter: (source) => basename(source) !== '.vite'
});
// The client files hold the compiling build's copy of static/, its data included: the current one replaces it.
const assets = config.kit.files.assets;
for (const entry of readdirSync(assets)) {
	rmSync(join(siteFolder, entry), { recursive: true, force: true });
}
cpSync(assets, siteFolder, { recursive: true });
for (const part of ['pages', 'dependencies']) {
	cpSync(join(output, 'prerendered', part), siteFolder, { recursive: true });
}
console.log(`Re-rendered ${prerendered.pages.size} pages into ${siteFolder}`);
