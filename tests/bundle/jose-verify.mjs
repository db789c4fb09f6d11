// node tests/bundle/jose-verify.mjs PUBLIC_JWK_FILE JWS_FILE [TYP]
//
// Verifies a compact JWS with the npm `jose` library (an implementation SIP Field did not write) and writes
// the payload bytes to stdout. Only alg EdDSA is allowed; with TYP the header's typ must equal it. Prints
// the protected header to stderr. Exit 0 when valid, 1 when jose refuses the JWS, 2 on bad usage.
// Used by tests/bundle/interop_test.cpp; also handy by hand on a bundle decrypted with `age -d`.
import { readFileSync } from 'node:fs';
import { compactVerify, importJWK, calculateJwkThumbprint } from 'jose';

const [jwkFile, jwsFile, typ] = process.argv.slice(2);
if (!jwkFile || !jwsFile) {
  process.stderr.write('usage: node jose-verify.mjs PUBLIC_JWK_FILE JWS_FILE [TYP]\n');
  process.exit(2);
}
const jwk = JSON.parse(readFileSync(jwkFile, 'utf8'));
const jws = readFileSync(jwsFile, 'utf8').trim();
try {
  const key = await importJWK(jwk, 'EdDSA');
  const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ['EdDSA'] });
  if (typ !== undefined && protectedHeader.typ !== typ) throw new Error(`typ is ${protectedHeader.typ}`);
  const thumbprint = await calculateJwkThumbprint(jwk, 'sha256');
  if (protectedHeader.kid !== thumbprint) throw new Error(`kid ${protectedHeader.kid} is not the thumbprint ${thumbprint}`);
  process.stderr.write(JSON.stringify(protectedHeader) + '\n');
  process.stdout.write(Buffer.from(payload));
} catch (e) {
  process.stderr.write(`jose refused: ${e.code ?? ''} ${e.message}\n`);
  process.exit(1);
}
