// A minimal SMTP sink on 127.0.0.1 for the human-review E2E: n8n's "Send Email" human review
// step (emailSendHitlTool) mails its Approve / Decline links here, and the test reads them from
// the message, as the reviewer's mail client would. Speaks just enough SMTP for nodemailer
// (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no AUTH: the credential has no user).
//
//   const smtp = await startFakeSmtp();          // smtp.port
//   const mail = await smtp.waitForMessage((m) => m.to.includes('cfo@example.test'));
//   mail.links                                    // every href in the HTML, decoded
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Quoted-printable → text (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(text) {
	return Buffer.from(
		text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
		'latin1',
	).toString('utf8');
}

/** Every body part of a (multipart) message, decoded, joined. */
function decodeBody(raw) {
	const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
	return parts
		.map((part) => {
			const split = part.search(/\r?\n\r?\n/);
			if (split < 0) return part;
			const headers = part.slice(0, split);
			const body = part.slice(split).trim();
			if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return decodeQuotedPrintable(body);
			if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
			return body;
		})
		.join('\n');
}

function parseMessage(envelope, data) {
	const headerEnd = data.search(/\r?\n\r?\n/);
	const headerText = headerEnd < 0 ? data : data.slice(0, headerEnd);
	const subject = /^subject:\s*(.*)$/im.exec(headerText)?.[1]?.trim() ?? '';
	const text = decodeBody(data);
	const links = [...text.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
	return { from: envelope.from, to: [...envelope.to], subject, text, links, raw: data, at: Date.now() };
}

export async function startFakeSmtp({ host = '127.0.0.1' } = {}) {
	const messages = [];
	const server = net.createServer((socket) => {
		socket.setEncoding('utf8');
		let buffer = '';
		let inData = false;
		let data = '';
		let envelope = { from: '', to: [] };
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 fake-smtp ready');
		socket.on('data', (chunk) => {
			buffer += chunk;
			let newline;
			while ((newline = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						messages.push(parseMessage(envelope, data));
						envelope = { from: '', to: [] };
						data = '';
						reply('250 OK queued');
					} else {
						data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
					}
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					socket.write('250-fake-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
				} else if (verb === 'HELO') reply('250 fake-smtp');
				else if (verb === 'MAIL') {
					envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 OK');
				} else if (verb === 'RCPT') {
					envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 OK');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					envelope = { from: '', to: [] };
					reply('250 OK');
				} else if (verb === 'NOOP') reply('250 OK');
				else if (verb === 'QUIT') {
					reply('221 Bye');
					socket.end();
				} else reply('502 Command not implemented');
			}
		});
		socket.on('error', () => {});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, resolve);
	});
	const { port } = server.address();
	return {
		host,
		port,
		messages: () => [...messages],
		/** Resolves with the first message (received so far or later) that matches. */
		async waitForMessage(match = () => true, { timeoutMs = 60_000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline) {
				const found = messages.find(match);
				if (found) return found;
				await sleep(200);
			}
			const last = messages.at(-1)?.text?.slice(0, 1500) ?? '';
			throw new Error(`fake SMTP: no matching message within ${timeoutMs} ms (${messages.length} received; last: ${last})`);
		},
		async stop() {
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
