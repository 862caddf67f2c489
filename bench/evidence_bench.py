"""Dispute evidence uploads over HTTP: GraphQL multipart requests of growing size against a running API, and how soon
an oversized request (50 MB) is refused. Prints figures; not a test.

    python bench/evidence_bench.py --url http://127.0.0.1:8400 [--rounds 5]

Logs in as the demo tenant admin and uploads to the first open demo dispute (`./clearway up` seeds them): it adds
evidence rows and files, so use a development instance.
"""
from __future__ import annotations

import argparse
import statistics
import time

import httpx
import orjson

LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }'
OPEN = '{ disputes(status: [OPENED, UNDER_REVIEW, PENDING_INFO, ESCALATED], first: 1) { edges { node { id } } } }'
UPLOAD = """mutation($id: ID!, $file: Upload!) { uploadDisputeEvidence(disputeId: $id, file: $file) { __typename
  ... on ValidationError { fields { code } } } }"""


def pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n"
    return head + b"0" * (size - len(head))


def upload(client: httpx.Client, dispute: str, data: bytes) -> tuple[float, int, str]:
    ops = orjson.dumps({"query": UPLOAD, "variables": {"id": dispute, "file": None}}).decode()
    started = time.perf_counter()
    r = client.post("/graphql", data={"operations": ops, "map": '{"0": ["variables.file"]}'},
                    files={"0": ("bench.pdf", data, "application/pdf")}, headers={"GraphQL-Require-Preflight": "1"})
    elapsed = time.perf_counter() - started
    try:
        body = r.json()
        kind = (body.get("data") or {}).get("uploadDisputeEvidence", {}).get("__typename") or body["errors"][0]["extensions"]["code"]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        kind = "?"
    return elapsed, r.status_code, kind


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8400")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with httpx.Client(base_url=args.url, timeout=120) as client:
        assert client.post("/graphql", json={"query": LOGIN, "variables": {"e": "admin@demo.clearway.local",
                                                                            "p": "clearway-demo"}}).json()["data"]["login"]["__typename"] == "LoginSuccess"
        edges = client.post("/graphql", json={"query": OPEN}).json()["data"]["disputes"]["edges"]
        assert edges, "no open dispute: run the demo seed"
        dispute = edges[0]["node"]["id"]
        print(f"dispute {dispute}, {args.rounds} rounds per size")
        print(f"{'size':>10} {'answer':>28} {'p50 ms':>9} {'max ms':>9} {'MB/s':>7}")
        for size in (100 * 1024, 1024 * 1024, 5 * 1024 * 1024, 10 * 1024 * 1024, 10 * 1024 * 1024 + 1, 50 * 1024 * 1024):
            data = pdf(size)
            runs = [upload(client, dispute, data) for _ in range(args.rounds if size <= 11 * 1024 * 1024 else 2)]
            times = [t for t, _, _ in runs]
            p50 = statistics.median(times)
            answer = f"{runs[0][1]} {runs[0][2]}"
            print(f"{size:>10} {answer:>28} {p50 * 1000:>9.1f} {max(times) * 1000:>9.1f} {size / 1048576 / p50:>7.1f}")


if __name__ == "__main__":
    main()
