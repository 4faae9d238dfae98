// The SQL an example tells users to run, read from the example itself (the ```sql block of its
// sticky note), so the suites create exactly the tables the example documents.
import assert from 'node:assert/strict';

export function exampleTables(workflow) {
	const note = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote')?.parameters.content ?? '';
	const sql = /```sql\n([\s\S]+?)```/.exec(note)?.[1];
	assert.ok(sql, `${workflow.name}: its sticky note has no \`\`\`sql block`);
	return sql;
}
