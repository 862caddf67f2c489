"""Velocity limits of SUB MIDs: sliding windows in Redis, checked and consumed atomically across processes.

Per member and window (``window_seconds``) two keys:

* ``clearway:velocity:{sub_mid_id}:{window_seconds}``        sorted set of events, scored by time (ms),
  member ``"{payment_id}|{amount}"``;
* ``clearway:velocity:{sub_mid_id}:{window_seconds}:amount`` the running amount total of those events.

ONE Lua script per call handles every window of the member: drop the events older than the window
(subtracting their amounts from the total), then check ``count + 1 <= max_count`` and
``total + amount <= max_amount`` in every window, then record the event in all windows or in none.
A payment already counted in a window is not counted twice (retries are idempotent). Keys get a TTL
of the window (+1 s), refreshed on every record, so idle members leave nothing behind.

Time comes from ``backend.core.clock.now()`` (controllable in tests) and is passed into the script.
Amounts are in the payment's minor units.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.core import clock

PREFIX = "clearway:velocity"

_SCRIPT = """
local now = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
local member = ARGV[3]
local mode = ARGV[4]
local n = #KEYS / 2
local fresh = {}
for i = 1, n do
  local zkey, tkey = KEYS[2 * i - 1], KEYS[2 * i]
  local base = 4 + (i - 1) * 3
  local window = tonumber(ARGV[base + 1])
  local max_count = tonumber(ARGV[base + 2])
  local max_amount = tonumber(ARGV[base + 3])
  local cutoff = now - window
  local old = redis.call('ZRANGEBYSCORE', zkey, '-inf', cutoff)
  if #old > 0 then
    local expired = 0
    for _, m in ipairs(old) do
      expired = expired + tonumber(string.match(m, '|(%d+)$'))
    end
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', cutoff)
    if redis.call('ZCARD', zkey) == 0 then
      redis.call('DEL', tkey)
    else
      redis.call('DECRBY', tkey, string.format('%.0f', expired))
    end
  end
  local count = redis.call('ZCARD', zkey)
  local total = tonumber(redis.call('GET', tkey) or '0')
  local counted = redis.call('ZSCORE', zkey, member)
  if mode == 'release' then
    if counted then fresh[#fresh + 1] = i end
  elseif not counted then
    if max_count >= 0 and count + 1 > max_count then
      return {0, i, 'count', count, string.format('%.0f', total)}
    end
    if max_amount >= 0 and total + amount > max_amount then
      return {0, i, 'amount', count, string.format('%.0f', total)}
    end
    fresh[#fresh + 1] = i
  end
end
if mode == 'consume' then
  for _, i in ipairs(fresh) do
    local zkey, tkey = KEYS[2 * i - 1], KEYS[2 * i]
    local ttl = tonumber(ARGV[4 + (i - 1) * 3 + 1]) + 1000
    redis.call('ZADD', zkey, now, member)
    redis.call('INCRBY', tkey, amount)
    redis.call('PEXPIRE', zkey, ttl)
    redis.call('PEXPIRE', tkey, ttl)
  end
elseif mode == 'release' then
  for _, i in ipairs(fresh) do
    local zkey, tkey = KEYS[2 * i - 1], KEYS[2 * i]
    redis.call('ZREM', zkey, member)
    if redis.call('ZCARD', zkey) == 0 then redis.call('DEL', tkey) else redis.call('DECRBY', tkey, amount) end
  end
end
return {1, 0, '', 0, '0'}
"""


@dataclass(frozen=True)
class VelocityResult:
    """Truthy when accepted. On refusal: the window and limit that refused, and its state before this payment."""

    ok: bool
    window_seconds: int | None = None
    limit: str | None = None  # "count" | "amount"
    count: int = 0
    total: int = 0
    maximum: int | None = None

    def __bool__(self) -> bool:
        return self.ok

    @property
    def message(self) -> str | None:
        if self.ok:
            return None
        if self.limit == "count":
            return f"count limit {self.maximum} per {self.window_seconds}s reached ({self.count} in the window)"
        return (f"amount limit {self.maximum} per {self.window_seconds}s would be exceeded "
                f"({self.total} in the window)")


def windows(limits: list[dict] | None) -> list[tuple[int, int | None, int | None]]:
    """(window_seconds, max_count, max_amount) per distinct window, the strictest limits when one is listed twice."""
    merged: dict[int, tuple[int | None, int | None]] = {}
    for lim in limits or []:
        w = lim.get("window_seconds")
        c, a = lim.get("max_count"), lim.get("max_amount")
        if not isinstance(w, int) or w <= 0 or (c is None and a is None):
            continue
        pc, pa = merged.get(w, (None, None))
        merged[w] = (c if pc is None else pc if c is None else min(c, pc), a if pa is None else pa if a is None else min(a, pa))
    return [(w, c, a) for w, (c, a) in sorted(merged.items())]


def key(sub_mid_id: str, window_seconds: int) -> str:
    return f"{PREFIX}:{sub_mid_id}:{window_seconds}"


class VelocityGate:
    """``await gate.consume(...)`` checks and records; ``peek`` only checks; ``release`` undoes a consume."""

    def __init__(self, redis) -> None:
        self.redis = redis
        self._script = redis.register_script(_SCRIPT)

    async def _run(self, mode: str, sub_mid_id: str, limits: list[dict] | None, amount: int, payment_id: str,
                   now: datetime | None) -> VelocityResult:
        wins = windows(limits)
        if not wins:
            return VelocityResult(True)
        at = now or clock.now()
        keys, args = [], [int(at.timestamp() * 1000), int(amount), f"{payment_id}|{int(amount)}", mode]
        for w, c, a in wins:
            keys += [key(sub_mid_id, w), key(sub_mid_id, w) + ":amount"]
            args += [w * 1000, -1 if c is None else c, -1 if a is None else a]
        ok, index, limit, count, total = await self._script(keys=keys, args=args)
        if ok:
            return VelocityResult(True)
        w, c, a = wins[int(index) - 1]
        limit = limit.decode() if isinstance(limit, bytes) else limit
        return VelocityResult(False, w, limit, int(count), int(total), c if limit == "count" else a)

    async def consume(self, sub_mid_id: str, limits: list[dict] | None, amount: int, payment_id: str,
                      now: datetime | None = None) -> VelocityResult:
        """Record the payment in every window if it fits all of them; truthy when it did."""
        return await self._run("consume", sub_mid_id, limits, amount, payment_id, now)

    async def peek(self, sub_mid_id: str, limits: list[dict] | None, amount: int, payment_id: str,
                   now: datetime | None = None) -> VelocityResult:
        """Would the payment fit? Nothing is recorded (expired events are still cleaned up)."""
        return await self._run("peek", sub_mid_id, limits, amount, payment_id, now)

    async def release(self, sub_mid_id: str, limits: list[dict] | None, amount: int, payment_id: str,
                      now: datetime | None = None) -> None:
        """Undo a consume (e.g. the payment could not be created after routing)."""
        await self._run("release", sub_mid_id, limits, amount, payment_id, now)
