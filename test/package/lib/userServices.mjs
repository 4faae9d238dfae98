// What the examples talk to besides n8n, each started here: the Pivot simulator, an OpenAI-compatible
// model, an SMTP sink (the AI example's review e-mails) and a PostgreSQL as the user's own database
// (the exactly-once example's tables); and the credentials a user creates for them, under the names
// the examples use.
import { startSandbox } from '../../../scripts/lib/n8n.mjs';
import { startPostgres } from '../../../scripts/lib/services.mjs';
import { startFakeOpenAi } from '../../e2e/lib/fakeOpenAi.mjs';
import { startFakeSmtp } from '../../e2e/lib/fakeSmtp.mjs';
import { simulatorCredentialData } from '../../support/pivot.mjs';

export async function startUserServices() {
	const [sandbox, ai, smtp, db] = await Promise.all([startSandbox(), startFakeOpenAi(), startFakeSmtp(), startPostgres({ database: 'payments' })]);
	return {
		sandbox,
		ai,
		smtp,
		db,
		credentials: () => [
			{ name: 'Pivot account', type: 'pivotApi', data: simulatorCredentialData(sandbox) },
			{ name: 'OpenAI account', type: 'openAiApi', data: { apiKey: 'sk-fake-e2e-not-a-key', url: ai.url } },
			{
				name: 'SMTP account',
				type: 'smtp',
				data: { user: '', password: '', host: smtp.host, port: smtp.port, secure: false, disableStartTls: true },
			},
			{
				name: 'Postgres account',
				type: 'postgres',
				data: { host: db.host, port: db.port, database: db.database, user: db.user, password: '', ssl: 'disable' },
			},
		],
		stop: () => Promise.all([sandbox.stop(), ai.stop(), smtp.stop(), db.stop()]),
	};
}
