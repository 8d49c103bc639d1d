#!/usr/bin/env python3
"""Independent signer: adds an Ed25519Signature2020 proof to a credential.

Usage: sign_ed25519_2020.py CREDENTIAL.json CONTEXTS_DIR SEED_HEX VERIFICATION_METHOD CREATED

Uses pyld (URDNA2015) and cryptography (Ed25519), sharing no code with
portfolio-badges; the contexts come from CONTEXTS_DIR only (see
verify_ob3.py). Follows the suite as jsonld-signatures implements it: the
proof options (the proof without proofValue, with the document's
@context) and the document without proof are canonicalized and hashed with
SHA-256; the Ed25519 signature over SHA-256(options) || SHA-256(document)
is written as multibase base58btc ('z') proofValue. Prints the signed
credential as JSON.
"""

import hashlib
import json
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verify_ob3 import B58, canonical, make_loader


def b58encode(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(b) - len(b.lstrip(b"\x00"))) + out


def main(argv):
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        credential = json.load(f)
    loader = make_loader(argv[2])
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(argv[3]))
    document = {k: v for k, v in credential.items() if k != "proof"}
    proof = {
        "type": "Ed25519Signature2020",
        "created": argv[5],
        "verificationMethod": argv[4],
        "proofPurpose": "assertionMethod",
    }
    options = dict(proof, **{"@context": document["@context"]})
    data = hashlib.sha256(canonical(options, loader).encode()).digest()
    data += hashlib.sha256(canonical(document, loader).encode()).digest()
    proof["proofValue"] = "z" + b58encode(key.sign(data))
    document["proof"] = proof
    print(json.dumps(document, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
