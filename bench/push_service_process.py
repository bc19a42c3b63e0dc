"""The test suite's local web push service (tests/support/push_service.py) in a process of its
own, so that checking VAPID and decrypting every message does not share a core (or the GIL) with
the outbox worker being measured.

Prints one JSON line with the push service's origin and ``--subscriptions`` new subscriptions,
then answers commands on stdin, one JSON line each:
``wait <count> <timeout>``: how many messages arrived, were accepted, and decrypted to a payload
with the expected title; ``quit``: stop.
"""

from __future__ import annotations

import argparse
import json
import sys

from tests.support.push_service import running_push_service


def _summary(pushes: list, expected_title: str) -> dict:
    decrypted = 0
    for push in pushes:
        if not push.accepted or not push.payload:
            continue
        try:
            if json.loads(push.payload).get("title") == expected_title:
                decrypted += 1
        except ValueError:
            pass
    return {
        "received": len(pushes),
        "accepted": sum(1 for p in pushes if p.accepted),
        "decrypted": decrypted,
        "refused": sorted({p.error for p in pushes if p.error})[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscriptions", type=int, required=True)
    parser.add_argument("--application-server-key", default=None)
    parser.add_argument("--expect-title", required=True)
    options = parser.parse_args()
    with running_push_service() as service:
        subscriptions = [
            service.new_subscription(
                label=f"carer {n}", application_server_key=options.application_server_key
            )
            for n in range(options.subscriptions)
        ]
        print(json.dumps({"origin": service.origin, "subscriptions": subscriptions}), flush=True)
        for line in sys.stdin:
            command = line.split()
            if not command or command[0] == "quit":
                break
            if command[0] == "wait":
                pushes = service.wait_for(int(command[1]), timeout=float(command[2]))
                print(json.dumps(_summary(pushes, options.expect_title)), flush=True)


if __name__ == "__main__":
    main()
