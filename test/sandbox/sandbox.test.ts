/**
 * The simulator's jest entry. The specs live in ./specs and are imported here so that the heavy
 * modules (n8n-workflow, fastify) load once for the whole suite instead of once per file: jest
 * gives every test file its own module registry, and n8n-workflow alone costs seconds to load.
 */
import './specs/auth.spec';
import './specs/balance.spec';
import './specs/inquiry.spec';
import './specs/create.spec';
import './specs/idempotency.spec';
import './specs/magic.spec';
import './specs/retrieve.spec';
import './specs/callbacks.spec';
import './specs/faults.spec';
import './specs/control.spec';
import './specs/tokenPolicy.spec';
import './specs/ledger.spec';
import './specs/topup.spec';
