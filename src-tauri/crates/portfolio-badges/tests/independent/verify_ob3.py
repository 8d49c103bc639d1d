#!/usr/bin/env python3
"""Independent check of an OB 3.0 credential's eddsa-rdfc-2022 proof.

Usage: verify_ob3.py CREDENTIAL.json CONTEXTS_DIR

Uses only PyPI packages that share no code with portfolio-badges:
pyld (JSON-LD 1.1 + URDNA2015 / RDFC-1.0 canonicalization) and
cryptography (Ed25519). CONTEXTS_DIR holds the bundled contexts and an
index.json mapping URL -> file, as written by
`cargo run -p portfolio-badges --example dump_contexts -- DIR`; the
document loader serves those only and refuses every other URL, so nothing
is fetched.

Follows vc-di-eddsa (eddsa-rdfc-2022) verification: the proof options are
the proof without proofValue, with the document's @context; both are
canonicalized; the Ed25519 signature (multibase base58btc) is checked over
SHA-256(options) || SHA-256(document). The key comes from the did:key
verification method, which must be the issuer's id.

Prints VERIFIED and exits 0, or raises (non-zero exit).
"""

import copy
import hashlib
import json
import os
import sys

from pyld import jsonld
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(s: str) -> bytes:
    n = 0
    for ch in s:
        i = B58.find(ch)
        if i < 0:
            raise ValueError(f"not base58: {ch!r}")
        n = n * 58 + i
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\x00" * pad + body


def multibase_z(s: str) -> bytes:
    if not s.startswith("z"):
        raise ValueError("only multibase base58btc ('z') is supported")
    return b58decode(s[1:])


def make_loader(contexts_dir: str):
    with open(os.path.join(contexts_dir, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    docs = {}
    for url, name in index.items():
        with open(os.path.join(contexts_dir, name), encoding="utf-8") as f:
            docs[url] = json.load(f)

    def loader(url, options=None):
        bare = url.split("#", 1)[0]
        if bare not in docs:
            raise RuntimeError(f"refusing to load a context that is not bundled: {url}")
        return {"contextUrl": None, "documentUrl": bare, "document": copy.deepcopy(docs[bare])}

    return loader


def canonical(doc, loader) -> str:
    return jsonld.normalize(
        doc, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
    )


def verify(credential: dict, contexts_dir: str) -> None:
    loader = make_loader(contexts_dir)
    proofs = credential.get("proof")
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not proofs:
        raise ValueError("the credential has no proof")
    proof = next(
        (p for p in proofs if p.get("type") == "DataIntegrityProof" and p.get("cryptosuite") == "eddsa-rdfc-2022"),
        None,
    )
    if proof is None:
        raise ValueError("no DataIntegrityProof with cryptosuite eddsa-rdfc-2022")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ValueError("proofPurpose is not assertionMethod")

    document = {k: v for k, v in credential.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options.setdefault("@context", document["@context"])

    vm = proof["verificationMethod"]
    if not vm.startswith("did:key:"):
        raise ValueError(f"verification method is not a did:key: {vm}")
    did, _, fragment = vm.partition("#")
    key_mb = did[len("did:key:"):]
    if fragment and fragment != key_mb:
        raise ValueError("did:key fragment does not repeat the key")
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != did:
        raise ValueError(f"the signing key {did} is not the issuer {issuer_id}")
    raw = multibase_z(key_mb)
    if raw[:2] != b"\xed\x01" or len(raw) != 34:
        raise ValueError("did:key is not an Ed25519 multikey")
    public_key = Ed25519PublicKey.from_public_bytes(raw[2:])

    signature = multibase_z(proof["proofValue"])
    if len(signature) != 64:
        raise ValueError("proofValue is not a 64-byte Ed25519 signature")

    doc_nq = canonical(document, loader)
    opt_nq = canonical(options, loader)
    if not doc_nq.strip() or not opt_nq.strip():
        raise ValueError("canonicalization produced no statements")
    data = hashlib.sha256(opt_nq.encode()).digest() + hashlib.sha256(doc_nq.encode()).digest()
    # Raises cryptography.exceptions.InvalidSignature when it does not match.
    public_key.verify(signature, data)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        credential = json.load(f)
    verify(credential, argv[2])
    print("VERIFIED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
