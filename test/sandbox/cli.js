#!/usr/bin/env node
/**
 * Starts the Pivot sandbox simulator on a fixed local port: `npm run simulator [-- options]`.
 * The simulator is TypeScript; a tiny require hook transpiles test/sandbox/*.ts on the fly with
 * the project's own `typescript`, so no build step and no ts-node are needed.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const SANDBOX_DIR = __dirname + path.sep;

const previousTsHook = require.extensions['.ts'];
require.extensions['.ts'] = function compileSandboxTs(module, filename) {
	if (!filename.startsWith(SANDBOX_DIR)) {
		if (previousTsHook) return previousTsHook(module, filename);
		throw new Error(`cli.js only transpiles files under ${SANDBOX_DIR}: ${filename}`);
	}
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
			inlineSourceMap: true,
		},
	});
	module._compile(outputText, filename);
};

const HELP = `Pivot sandbox simulator (a local stand-in for Pivot's Local Payout API)

Usage: npm run simulator -- [options]      or      node test/sandbox/cli.js [options]

  --port N                  port on 127.0.0.1 (default 4010; 0 = random)
  --client-id ID            merchant Client ID (default 922e39ab-7565-49f6-b84f-fb56122821ae)
  --client-secret S         merchant Client Secret (default: random each start)
  --callback-api-key K      Callback API Key sent as X-API-Key (default: random each start)
  --callback-url URL        where payout callbacks are POSTed, e.g. an n8n webhook URL
  --balance IDR             starting balance, e.g. 1000000000.00
  --token-lifetime S        access-token lifetime in seconds (default 900)
  --token-policy P          concurrent (default: earlier tokens stay valid) or revoke-previous
                            (a new token revokes the merchant's earlier ones)
  --processing-delay-ms N   time until accepted payouts reach their final status (default 300)
  --callback-time-scale X   multiply the callback retry schedule (5 min … 12 h) by X (default 1)
  --disbursement-fee IDR    whole rupiah charged per payout item with its amount (default 0)
  --inquiry-fee IDR         whole rupiah charged per account inquiry (default 0)
  --json                    print one JSON line {url, clientId, clientSecret, callbackApiKey} only
  --help                    this text
`;

const VALUE_FLAGS = new Set([
	'port',
	'client-id',
	'client-secret',
	'callback-api-key',
	'callback-url',
	'balance',
	'token-lifetime',
	'token-policy',
	'processing-delay-ms',
	'callback-time-scale',
	'disbursement-fee',
	'inquiry-fee',
]);

function parseArgs(argv) {
	const flags = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
		if (name === 'json' || name === 'help') {
			flags[name] = true;
			continue;
		}
		if (!VALUE_FLAGS.has(name)) throw new Error(`unknown option --${name}`);
		const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (value === undefined) throw new Error(`--${name} needs a value`);
		flags[name] = value;
	}
	return flags;
}

function number(flags, name) {
	if (flags[name] === undefined) return undefined;
	const n = Number(flags[name]);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
	return n;
}

const TOKEN_POLICY_FLAGS = { concurrent: 'concurrent', 'revoke-previous': 'revokePrevious' };

function tokenPolicy(flags) {
	const value = flags['token-policy'];
	if (value === undefined) return undefined;
	if (!Object.hasOwn(TOKEN_POLICY_FLAGS, value)) {
		throw new Error(`--token-policy must be one of ${Object.keys(TOKEN_POLICY_FLAGS).join(', ')}`);
	}
	return TOKEN_POLICY_FLAGS[value];
}

function curlSequence(url, m) {
	return [
		`BASE=${url}`,
		`TOKEN=$(curl -s -X POST "$BASE/v1/access-token" -H 'X-MERCHANT-ID: ${m.clientId}' -H 'X-MERCHANT-SECRET: ${m.clientSecret}' \\`,
		`  -H 'Content-Type: application/json' -d '{"grantType":"client_credentials"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/')`,
		`curl -s "$BASE/v1/payouts/balance?currency=IDR" -H "Authorization: Bearer $TOKEN"; echo`,
		`curl -s -X POST "$BASE/v1/inquiry-account" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
		`  -d '{"channelCode":"BRI","channelInformation":{"accountNumber":"999966660001","accountName":"Dummy Simulation"}}'; echo`,
		`REF=DEMO$(date +%s)`,
		`curl -s -X POST "$BASE/v1/payouts" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "X-REQUEST-ID: demo\${REF}abcdef" \\`,
		`  -d '{"payouts":[{"referenceId":"'$REF'","channelCode":"BRI","channelInformation":{"accountNumber":"999966660001","accountName":"Dummy Simulation"},"amount":{"value":"100000","currency":"IDR"},"description":"demo"}]}'; echo`,
		`sleep 1; curl -s "$BASE/v1/payouts/$REF?type=single" -H "Authorization: Bearer $TOKEN"; echo`,
	].join('\n');
}

async function main() {
	const flags = parseArgs(process.argv.slice(2));
	if (flags.help) {
		process.stdout.write(HELP);
		return;
	}
	const { startSandbox } = require('./index.ts');
	const merchant = {};
	if (flags['client-id']) merchant.clientId = flags['client-id'];
	if (flags['client-secret']) merchant.clientSecret = flags['client-secret'];
	if (flags['callback-api-key']) merchant.callbackApiKey = flags['callback-api-key'];
	if (flags['callback-url']) merchant.callbackUrl = flags['callback-url'];
	if (flags.balance) merchant.balance = flags.balance;

	const sandbox = await startSandbox({
		port: number(flags, 'port') ?? 4010,
		merchants: [merchant],
		tokenLifetimeSeconds: number(flags, 'token-lifetime'),
		tokenPolicy: tokenPolicy(flags),
		processingDelayMs: number(flags, 'processing-delay-ms'),
		callbackTimeScale: number(flags, 'callback-time-scale'),
		disbursementFee: number(flags, 'disbursement-fee'),
		inquiryFee: number(flags, 'inquiry-fee'),
	});
	const m = sandbox.merchants[0];

	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		if (!flags.json) process.stderr.write(`\n${signal}: stopping the Pivot sandbox…\n`);
		sandbox.close().then(
			() => process.exit(0),
			(e) => {
				process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));

	if (flags.json) {
		const line = { url: sandbox.url, clientId: m.clientId, clientSecret: m.clientSecret, callbackApiKey: m.callbackApiKey };
		process.stdout.write(`${JSON.stringify(line)}\n`);
		return;
	}
	process.stdout.write(
		[
			`Pivot sandbox listening on ${sandbox.url}`,
			'',
			"n8n → Credentials → Pivot API:",
			'  Environment       Custom',
			`  Base URL          ${sandbox.url}`,
			`  Client ID         ${m.clientId}`,
			`  Client Secret     ${m.clientSecret}`,
			`  Callback API Key  ${m.callbackApiKey}`,
			'',
			`Callbacks go to: ${m.callbackUrl || '(none: start with --callback-url <your n8n webhook URL>, or POST /_sandbox/config {"callbackUrl": "..."})'}`,
			`Inspect: ${sandbox.url}/_sandbox/payouts  /_sandbox/requests  /_sandbox/callbacks  /_sandbox/stats  /_sandbox/ledger`,
			'Magic accounts: 999966660001 success, …0002 inactive, …0003 invalid, …0006 dormant, …0007 waits for top-up, …0008 gateway error.',
			'',
			'Try it:',
			curlSequence(sandbox.url, m),
			'',
			'Ctrl+C stops the sandbox.',
			'',
		].join('\n'),
	);
}

main().catch((e) => {
	process.stderr.write(`pivot sandbox: ${e && e.message ? e.message : e}\n\n${HELP}`);
	process.exit(1);
});
