import { config } from '@n8n/node-cli/eslint';

// artifacts/ holds generated files (logs, screenshots, mutation-testing sandboxes), never source.
export default [{ ignores: ['artifacts/**'] }, ...config];
