// Harness for running the Pivot simulator and a real n8n (installed by scripts/n8n-env.sh)
// from plain Node. Used by the demo, the E2E suite and benchmarks. Runs on the system Node 20;
// n8n itself runs on the Node cached with it. Which n8n: the target $PIVOT_N8N_TARGET
// (default "newest") of scripts/n8n-versions.json, the one place that names the versions.
//
//   import { ensureN8n, startSandbox, createN8n, startN8n, RestClient } from '../scripts/lib/n8n.mjs';
//
// Every process started here runs in its own process group and is killed on stop(), on
// process exit, on SIGINT/SIGTERM/SIGHUP and, through a tiny watchdog, even when this
// process is killed with SIGKILL. See test/e2e/README.md.
//
// One module per concern (this file only gathers them): install.mjs, processes.mjs, simulator.mjs,
// cli-output.mjs, instance.mjs, rest.mjs, package.mjs.

export { REPO_ROOT, N8N_TARGET, N8N_VERSION, NODE24_VERSION, n8nPaths, ensureN8n, requireFromN8n } from './install.mjs';
export { makeTempDir, removeTempDir, logDir, spawnTracked, freePort } from './processes.mjs';
export { startSandbox } from './simulator.mjs';
export { n8nId } from './cli-output.mjs';
export { createN8n, startN8n } from './instance.mjs';
export { DEFAULT_OWNER, RestClient, nodeOutput } from './rest.mjs';
export { stagePackage, toCustomTypes } from './package.mjs';
