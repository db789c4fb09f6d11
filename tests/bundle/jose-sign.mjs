// node tests/bundle/jose-sign.mjs PRIVATE_JWK_FILE PAYLOAD_FILE TYP
//
// Signs PAYLOAD_FILE's bytes with the npm `jose` library as SIP Field signs bundles: a compact JWS with the
// protected header {alg: "EdDSA", kid: <RFC 7638 thumbprint computed by jose>, typ: TYP}. Writes the JWS to
// stdout. Used by tests/bundle/interop_test.cpp to check that SIP Field verifies what another
// implementation signs.
import { readFileSync } from 'node:fs';
import { CompactSign, importJWK, calculateJwkThumbprint } from 'jose';

const [jwkFile, payloadFile, typ] = process.argv.slice(2);
if (!jwkFile || !payloadFile || !typ) {
  process.stderr.write('usage: node jose-sign.mjs PRIVATE_JWK_FILE PAYLOAD_FILE TYP\n');
  process.exit(2);
}
const jwk = JSON.parse(readFileSync(jwkFile, 'utf8'));
const key = await importJWK(jwk, 'EdDSA');
const { d, ...publicJwk } = jwk;
const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
const jws = await new CompactSign(readFileSync(payloadFile))
  .setProtectedHeader({ alg: 'EdDSA', kid, typ })
  .sign(key);
process.stdout.write(jws);
