import type { Failure, ModuleSpec, SourceFile } from "../src/mcp/schemas.ts";
import type { LanguageId } from "../src/stacks/builtin.ts";

/**
 * One module per stack as a run meets it: a dependency already built (the read-only context),
 * the files the model wrote on attempt 1, and the sandbox's failure report on them.
 */
export type BenchModule = {
  language: LanguageId;
  module: ModuleSpec;
  steps: string[];
  context: SourceFile[];
  files: SourceFile[];
  failure: Failure;
};

const PYTHON: BenchModule = {
  language: "python",
  module: {
    name: "invoice_totals",
    description:
      "Computes invoice totals from parsed line items: subtotal per tax rate, tax rounded half-up to cents per rate, and a grand total. Discounts apply before tax.",
    acceptanceCriteria: [
      "tax is rounded half-up to cents per tax rate",
      "a discount line lowers the subtotal of its tax rate",
      "an invoice without lines totals zero",
    ],
  },
  steps: [
    "Group line items by tax rate",
    "Apply discounts before tax",
    "Round tax half-up to cents with Decimal",
    "Test each acceptance criterion",
  ],
  context: [
    {
      path: "invoices/__init__.py",
      content: '"""Invoice parsing and totals."""\n',
    },
    {
      path: "invoices/lines.py",
      content: `"""Reads invoice lines from CSV text."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Line:
    """One invoice line: a product, or a discount when the amount is negative."""

    description: str
    quantity: int
    unit_price: Decimal
    tax_rate: Decimal

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def is_discount(self) -> bool:
        return self.unit_price < 0


class LineError(ValueError):
    """A row that cannot be read, with its row number."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(f"row {row}: {reason}")
        self.row = row
        self.reason = reason


def parse_lines(text: str) -> list[Line]:
    """Parses CSV text with columns description,quantity,unit_price,tax_rate."""
    lines = []
    reader = csv.DictReader(io.StringIO(text))
    for number, row in enumerate(reader, start=2):
        try:
            quantity = int(row["quantity"])
            unit_price = Decimal(row["unit_price"])
            tax_rate = Decimal(row["tax_rate"])
        except (KeyError, ValueError, InvalidOperation) as error:
            raise LineError(number, str(error)) from error
        if quantity <= 0:
            raise LineError(number, "quantity must be positive")
        if tax_rate < 0 or tax_rate > 1:
            raise LineError(number, "tax_rate must be between 0 and 1")
        lines.append(Line(row["description"].strip(), quantity, unit_price, tax_rate))
    return lines
`,
    },
    {
      path: "tests/test_lines.py",
      content: `from decimal import Decimal

import pytest

from invoices.lines import LineError, parse_lines


def test_parses_a_line():
    [line] = parse_lines("description,quantity,unit_price,tax_rate\\nPen,2,1.50,0.2\\n")
    assert line.amount == Decimal("3.00")


def test_negative_price_is_a_discount():
    [line] = parse_lines("description,quantity,unit_price,tax_rate\\nPromo,1,-2,0.2\\n")
    assert line.is_discount


def test_rejects_a_zero_quantity():
    with pytest.raises(LineError, match="row 2"):
        parse_lines("description,quantity,unit_price,tax_rate\\nPen,0,1.50,0.2\\n")
`,
    },
  ],
  files: [
    {
      path: "invoices/totals.py",
      content: `"""Invoice totals per tax rate."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from invoices.lines import Line

CENT = Decimal("0.01")


@dataclass
class RateTotal:
    """The subtotal and tax of the lines sharing one tax rate."""

    rate: Decimal
    subtotal: Decimal = Decimal("0")

    @property
    def tax(self) -> Decimal:
        return (self.subtotal * self.rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass
class InvoiceTotals:
    """Subtotals and tax per rate, and the grand total."""

    rates: dict[Decimal, RateTotal] = field(default_factory=dict)

    @property
    def subtotal(self) -> Decimal:
        return sum((rate.subtotal for rate in self.rates.values()), Decimal("0"))

    @property
    def tax(self) -> Decimal:
        return sum((rate.tax for rate in self.rates.values()), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax


def group_by_rate(lines: list[Line]) -> dict[Decimal, list[Line]]:
    groups: dict[Decimal, list[Line]] = defaultdict(list)
    for line in lines:
        groups[line.tax_rate].append(line)
    return dict(groups)


def invoice_totals(lines: list[Line]) -> InvoiceTotals:
    """Totals the lines: discounts lower their rate's subtotal before tax is computed."""
    totals = InvoiceTotals()
    for rate, group in sorted(group_by_rate(lines).items()):
        rate_total = RateTotal(rate)
        for line in group:
            rate_total.subtotal += line.amount
        totals.rates[rate] = rate_total
    return totals


def format_totals(totals: InvoiceTotals) -> str:
    """One line per rate, then the totals, for the invoice footer."""
    rows = [f"{rate * 100:.0f}%: {r.subtotal:.2f} + {r.tax:.2f}" for rate, r in totals.rates.items()]
    rows.append(f"Subtotal: {totals.subtotal:.2f}")
    rows.append(f"Tax: {totals.tax:.2f}")
    rows.append(f"Total: {totals.total:.2f}")
    return "\\n".join(rows)
`,
    },
    {
      path: "tests/test_totals.py",
      content: `from decimal import Decimal

from invoices.lines import parse_lines
from invoices.totals import format_totals, invoice_totals

HEADER = "description,quantity,unit_price,tax_rate\\n"


def totals_of(rows: str):
    return invoice_totals(parse_lines(HEADER + rows))


def test_tax_is_rounded_half_up_per_rate():
    totals = totals_of("Pen,1,0.125,0.2\\nInk,1,0.10,0.2\\n")
    assert totals.rates[Decimal("0.2")].tax == Decimal("0.05")


def test_two_rates_are_taxed_separately():
    totals = totals_of("Pen,2,1.00,0.2\\nBook,1,10.00,0.05\\n")
    assert totals.tax == Decimal("0.90")
    assert totals.total == Decimal("12.90")


def test_a_discount_lowers_its_rate_subtotal():
    totals = totals_of("Pen,2,5.00,0.2\\nPromo,1,-2.00,0.2\\n")
    assert totals.rates[Decimal("0.2")].subtotal == Decimal("8.00")
    assert totals.tax == Decimal("1.60")


def test_an_invoice_without_lines_totals_zero():
    totals = invoice_totals([])
    assert totals.total == Decimal("0")


def test_footer_lists_each_rate():
    footer = format_totals(totals_of("Pen,2,1.00,0.2\\n"))
    assert footer.splitlines()[0] == "20%: 2.00 + 0.40"
`,
    },
  ],
  failure: {
    phase: "test",
    output: `============================= test session starts ==============================
platform linux -- Python 3.12.7, pytest-8.3.3, pluggy-1.5.0
rootdir: /sandbox/work
collected 8 items

tests/test_lines.py ...                                                  [ 37%]
tests/test_totals.py F....                                               [100%]

=================================== FAILURES ===================================
_____________________ test_tax_is_rounded_half_up_per_rate _____________________

    def test_tax_is_rounded_half_up_per_rate():
        totals = totals_of("Pen,1,0.125,0.2\\nInk,1,0.10,0.2\\n")
>       assert totals.rates[Decimal("0.2")].tax == Decimal("0.05")
E       AssertionError: assert Decimal('0.04') == Decimal('0.05')
E        +  where Decimal('0.04') = RateTotal(rate=Decimal('0.2'), subtotal=Decimal('0.225')).tax

tests/test_totals.py:15: AssertionError
- generated xml file: /tmp/test-reports/pytest.xml -
=========================== short test summary info ============================
FAILED tests/test_totals.py::test_tax_is_rounded_half_up_per_rate - AssertionError: assert Decimal('0.04') == Decimal('0.05')
========================= 1 failed, 7 passed in 0.09s ==========================
`,
    errors: [
      {
        file: "tests/test_totals.py",
        line: 15,
        message:
          "test_tax_is_rounded_half_up_per_rate: AssertionError: assert Decimal('0.04') == Decimal('0.05')",
      },
    ],
  },
};

const NODE: BenchModule = {
  language: "node",
  module: {
    name: "rate_limiter",
    description:
      "A token-bucket rate limiter keyed by client id, on top of the clock module: each key gets `capacity` tokens refilled at `refillPerSecond`; `take(key)` says whether the request may pass and when to retry.",
    acceptanceCriteria: [
      "a fresh key may make `capacity` requests at once",
      "tokens refill continuously at the given rate",
      "a refused request says after how many milliseconds to retry",
    ],
  },
  steps: [
    "Keep one bucket per key",
    "Refill lazily from the clock on each take",
    "Compute the retry delay from the missing fraction of a token",
    "Test with a manual clock",
  ],
  context: [
    {
      path: "src/clock/index.js",
      content: `/** A source of the current time in milliseconds, so tests can control it. */
export function systemClock() {
  return { now: () => Date.now() };
}

/** A clock that only moves when told to. */
export function manualClock(start = 0) {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(\`cannot advance by \${ms}\`);
      current += ms;
    },
  };
}
`,
    },
    {
      path: "test/clock.test.js",
      content: `import assert from "node:assert/strict";
import { test } from "node:test";
import { manualClock } from "../src/clock/index.js";

test("a manual clock moves only when advanced", () => {
  const clock = manualClock(10);
  clock.advance(5);
  assert.equal(clock.now(), 15);
});

test("a manual clock refuses to go back", () => {
  assert.throws(() => manualClock().advance(-1), RangeError);
});
`,
    },
  ],
  files: [
    {
      path: "src/rate-limiter/index.js",
      content: `import { systemClock } from "../clock/index.js";

/**
 * A token bucket per key. Buckets refill lazily: each take() first adds the tokens earned
 * since the bucket was last seen, capped at the capacity.
 */
export function createRateLimiter({ capacity, refillPerSecond, clock = systemClock() }) {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError("capacity must be a positive integer");
  }
  if (!(refillPerSecond > 0)) throw new RangeError("refillPerSecond must be positive");
  const buckets = new Map();

  function bucketFor(key) {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, seenAt: clock.now() };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  function refill(bucket) {
    const now = clock.now();
    const earned = Math.floor(((now - bucket.seenAt) / 1000) * refillPerSecond);
    bucket.tokens = Math.min(capacity, bucket.tokens + earned);
    bucket.seenAt = now;
  }

  return {
    /** Whether one request for \`key\` may pass now; when not, how long to wait. */
    take(key) {
      const bucket = bucketFor(key);
      refill(bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterMs: 0 };
      }
      const missing = 1 - bucket.tokens;
      return { allowed: false, retryAfterMs: Math.ceil((missing / refillPerSecond) * 1000) };
    },

    /** Tokens left for \`key\`, for metrics. */
    remaining(key) {
      const bucket = bucketFor(key);
      refill(bucket);
      return Math.floor(bucket.tokens);
    },

    /** Forgets keys idle long enough to be full again. */
    prune() {
      const fullAfterMs = (capacity / refillPerSecond) * 1000;
      for (const [key, bucket] of buckets) {
        if (clock.now() - bucket.seenAt >= fullAfterMs) buckets.delete(key);
      }
    },
  };
}
`,
    },
    {
      path: "test/rate-limiter.test.js",
      content: `import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { manualClock } from "../src/clock/index.js";
import { createRateLimiter } from "../src/rate-limiter/index.js";

const limiter = (clock) => createRateLimiter({ capacity: 3, refillPerSecond: 2, clock });

describe("rate limiter", () => {
  test("a fresh key may make capacity requests at once", () => {
    const limit = limiter(manualClock());
    const results = [1, 2, 3, 4].map(() => limit.take("a").allowed);
    assert.deepEqual(results, [true, true, true, false]);
  });

  test("tokens refill continuously", () => {
    const clock = manualClock();
    const limit = limiter(clock);
    for (let i = 0; i < 3; i++) limit.take("a");
    clock.advance(250);
    clock.advance(250);
    assert.equal(limit.take("a").allowed, true);
  });

  test("a refused request says when to retry", () => {
    const clock = manualClock();
    const limit = limiter(clock);
    for (let i = 0; i < 3; i++) limit.take("a");
    assert.deepEqual(limit.take("a"), { allowed: false, retryAfterMs: 500 });
  });

  test("keys are independent", () => {
    const limit = limiter(manualClock());
    for (let i = 0; i < 3; i++) limit.take("a");
    assert.equal(limit.take("b").allowed, true);
  });
});
`,
    },
  ],
  failure: {
    phase: "test",
    output: `▶ rate limiter
  ✔ a fresh key may make capacity requests at once (0.71ms)
  ✖ tokens refill continuously (0.92ms)
    AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:

    false !== true

        at TestContext.<anonymous> (file:///sandbox/work/test/rate-limiter.test.js:21:12)
        at Test.runInAsyncScope (node:async_hooks:214:14)
        at Test.run (node:internal/test_runner/test:1047:25)
        at Suite.processPendingSubtests (node:internal/test_runner/test:744:18)
        at Test.postRun (node:internal/test_runner/test:1173:19)
        at Test.run (node:internal/test_runner/test:1101:12)
        at async Suite.processPendingSubtests (node:internal/test_runner/test:744:7) {
      generatedMessage: true,
      code: 'ERR_ASSERTION',
      actual: false,
      expected: true,
      operator: 'strictEqual'
    }

  ✔ a refused request says when to retry (0.2ms)
  ✔ keys are independent (0.15ms)
✖ rate limiter (2.6ms)
✔ a manual clock moves only when advanced (0.3ms)
✔ a manual clock refuses to go back (0.25ms)
ℹ tests 6
ℹ suites 1
ℹ pass 5
ℹ fail 1
ℹ cancelled 0
ℹ skipped 0
ℹ todo 0
ℹ duration_ms 61.2

✖ failing tests:

test at test/rate-limiter.test.js:15:3
✖ tokens refill continuously (0.92ms)
  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:

  false !== true

      at TestContext.<anonymous> (file:///sandbox/work/test/rate-limiter.test.js:21:12)
`,
    errors: [
      {
        file: "test/rate-limiter.test.js",
        line: 21,
        message:
          "rate limiter > tokens refill continuously: Expected values to be strictly equal: false !== true",
      },
    ],
  },
};

const JAVA: BenchModule = {
  language: "java",
  module: {
    name: "order_validation",
    description:
      "Validates an order against the catalog before checkout: every SKU must exist, quantities are between 1 and the SKU's stock, and the order total must not exceed the customer's credit limit.",
    acceptanceCriteria: [
      "an unknown SKU is reported by name",
      "a quantity above stock is reported with the stock available",
      "all problems of an order are reported together",
    ],
  },
  steps: [
    "Write OrderValidator over the Catalog",
    "Collect every problem instead of stopping at the first",
    "Test each acceptance criterion",
  ],
  context: [
    {
      path: "src/main/java/app/catalog/Catalog.java",
      content: `package app.catalog;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** The products on sale, by SKU, with their price and stock. */
public final class Catalog {
  public record Product(String sku, String name, BigDecimal price, int stock) {}

  private final Map<String, Product> products;

  public Catalog(Map<String, Product> products) {
    this.products = Map.copyOf(products);
  }

  public Optional<Product> find(String sku) {
    return Optional.ofNullable(products.get(sku));
  }

  public int size() {
    return products.size();
  }
}
`,
    },
    {
      path: "src/test/java/app/catalog/CatalogTest.java",
      content: `package app.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {
  @Test
  void findsAProductBySku() {
    var pen = new Catalog.Product("PEN", "Pen", new BigDecimal("1.50"), 10);
    var catalog = new Catalog(Map.of("PEN", pen));
    assertEquals(pen, catalog.find("PEN").orElseThrow());
    assertTrue(catalog.find("INK").isEmpty());
  }
}
`,
    },
  ],
  files: [
    {
      path: "src/main/java/app/orders/OrderValidator.java",
      content: `package app.orders;

import app.catalog.Catalog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Checks an order against the catalog and the customer's credit before checkout. */
public final class OrderValidator {
  public record OrderLine(String sku, int quantity) {}

  public record Order(String customerId, BigDecimal creditLimit, List<OrderLine> lines) {}

  private final Catalog catalog;

  public OrderValidator(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Every problem with the order; empty when it may be placed. */
  public List<String> validate(Order order) {
    List<String> problems = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (OrderLine line : order.lines()) {
      var product = catalog.find(line.sku());
      if (product.isEmpty()) {
        problems.add("unknown SKU " + line.sku());
        continue;
      }
      int stock = product.get().stock();
      if (line.quantity() < 1) {
        problems.add(line.sku() + ": quantity must be at least 1");
      } else if (line.quantity() > stock) {
        problems.add(line.sku() + ": only " + stock + " in stock");
        return problems;
      }
      total = total.add(product.get().price().multiply(BigDecimal.valueOf(line.quantity())));
    }
    if (total.compareTo(order.creditLimit()) > 0) {
      problems.add("total " + total + " exceeds the credit limit " + order.creditLimit());
    }
    return problems;
  }

  /** Whether the order may be placed as it is. */
  public boolean isValid(Order order) {
    return validate(order).isEmpty();
  }
}
`,
    },
    {
      path: "src/test/java/app/orders/OrderValidatorTest.java",
      content: `package app.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.catalog.Catalog;
import app.orders.OrderValidator.Order;
import app.orders.OrderValidator.OrderLine;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderValidatorTest {
  private final Catalog catalog =
      new Catalog(
          Map.of(
              "PEN", new Catalog.Product("PEN", "Pen", new BigDecimal("1.50"), 10),
              "INK", new Catalog.Product("INK", "Ink", new BigDecimal("4.00"), 2)));
  private final OrderValidator validator = new OrderValidator(catalog);

  private Order order(OrderLine... lines) {
    return new Order("c1", new BigDecimal("100"), List.of(lines));
  }

  @Test
  void reportsAnUnknownSku() {
    assertEquals(List.of("unknown SKU NIB"), validator.validate(order(new OrderLine("NIB", 1))));
  }

  @Test
  void reportsAQuantityAboveStock() {
    assertEquals(
        List.of("INK: only 2 in stock"), validator.validate(order(new OrderLine("INK", 3))));
  }

  @Test
  void reportsAllProblemsTogether() {
    var problems =
        validator.validate(
            order(new OrderLine("INK", 5), new OrderLine("NIB", 1), new OrderLine("PEN", 0)));
    assertEquals(3, problems.size(), problems.toString());
  }

  @Test
  void acceptsAValidOrder() {
    assertTrue(validator.isValid(order(new OrderLine("PEN", 2))));
  }
}
`,
    },
  ],
  failure: {
    phase: "test",
    output: `[INFO] -------------------------------------------------------
[INFO]  T E S T S
[INFO] -------------------------------------------------------
[INFO] Running app.catalog.CatalogTest
[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.041 s -- in app.catalog.CatalogTest
[INFO] Running app.orders.OrderValidatorTest
[ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.038 s <<< FAILURE! -- in app.orders.OrderValidatorTest
[ERROR] app.orders.OrderValidatorTest.reportsAllProblemsTogether -- Time elapsed: 0.007 s <<< FAILURE!
org.opentest4j.AssertionFailedError: [INK: only 2 in stock] ==> expected: <3> but was: <1>
	at org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)
	at org.junit.jupiter.api.AssertionFailureBuilder.buildAndThrow(AssertionFailureBuilder.java:132)
	at org.junit.jupiter.api.AssertEquals.failNotEqual(AssertEquals.java:197)
	at org.junit.jupiter.api.AssertEquals.assertEquals(AssertEquals.java:150)
	at org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:563)
	at app.orders.OrderValidatorTest.reportsAllProblemsTogether(OrderValidatorTest.java:41)
	at java.base/java.lang.reflect.Method.invoke(Method.java:580)
	at java.base/java.util.ArrayList.forEach(ArrayList.java:1596)
	at java.base/java.util.ArrayList.forEach(ArrayList.java:1596)

[INFO]
[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR]   OrderValidatorTest.reportsAllProblemsTogether:41 [INK: only 2 in stock] ==> expected: <3> but was: <1>
[INFO]
[ERROR] Tests run: 5, Failures: 1, Errors: 0, Skipped: 0
[INFO]
[INFO] ------------------------------------------------------------------------
[INFO] BUILD FAILURE
[INFO] ------------------------------------------------------------------------
[INFO] Total time:  3.412 s
[INFO] Finished at: 2026-12-01T23:41:07Z
[INFO] ------------------------------------------------------------------------
[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project app: There are test failures.
[ERROR]
[ERROR] Please refer to /sandbox/work/target/surefire-reports for the individual test results.
[ERROR] Please refer to dump files (if any exist) [date].dump, [date]-jvmRun[N].dump and [date].dumpstream.
[ERROR] -> [Help 1]
[ERROR]
[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
[ERROR] Re-run Maven using the -X switch to enable full debug logging.
`,
    errors: [
      {
        file: "src/test/java/app/orders/OrderValidatorTest.java",
        line: 41,
        message:
          "OrderValidatorTest.reportsAllProblemsTogether: [INK: only 2 in stock] ==> expected: <3> but was: <1>",
      },
    ],
  },
};

const GO: BenchModule = {
  language: "go",
  module: {
    name: "retry",
    description:
      "Retries an operation with exponential backoff and full jitter, on top of the clock package: at most MaxAttempts tries, delays doubling from Base up to Cap, stopping early when the context ends or the error is permanent.",
    acceptanceCriteria: [
      "a permanent error stops the retries at once",
      "delays double from Base and never exceed Cap",
      "a cancelled context ends the retries with its error",
    ],
  },
  steps: [
    "Write Do(ctx, policy, op) with a sleeper from the clock package",
    "Mark permanent errors with a wrapper type",
    "Test with a fake sleeper that records the delays",
  ],
  context: [
    {
      path: "clock/clock.go",
      content: `// Package clock lets code sleep and read the time through an interface tests can replace.
package clock

import (
	"context"
	"time"
)

// Sleeper waits for a duration or until the context ends.
type Sleeper interface {
	Sleep(ctx context.Context, d time.Duration) error
}

// Real sleeps on the system clock.
type Real struct{}

// Sleep waits d, or returns the context's error if it ends first.
func (Real) Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
`,
    },
    {
      path: "clock/clock_test.go",
      content: `package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRealSleepStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Real{}).Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}
`,
    },
  ],
  files: [
    { path: "go.mod", content: "module example.com/app\n\ngo 1.22\n" },
    {
      path: "retry/retry.go",
      content: `// Package retry runs an operation again with exponential backoff and full jitter.
package retry

import (
	"context"
	"errors"
	"math/rand"
	"time"

	"example.com/app/clock"
)

// Policy says how often and how long to retry.
type Policy struct {
	MaxAttempts int
	Base        time.Duration
	Cap         time.Duration
	// Jitter returns a duration in [0, d]; nil means full random jitter.
	Jitter func(d time.Duration) time.Duration
}

type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks an error that retrying cannot fix.
func Permanent(err error) error { return permanent{err} }

// Do calls op until it succeeds, fails permanently, runs out of attempts or ctx ends.
func Do(ctx context.Context, policy Policy, sleeper clock.Sleeper, op func(context.Context) error) error {
	jitter := policy.Jitter
	if jitter == nil {
		jitter = func(d time.Duration) time.Duration { return time.Duration(rand.Int63n(int64(d) + 1)) }
	}
	var err error
	for attempt := 0; attempt < policy.MaxAttempts; attempt++ {
		if err = op(ctx); err == nil {
			return nil
		}
		var p permanent
		if errors.As(err, &p) {
			return p.err
		}
		if attempt == policy.MaxAttempts-1 {
			break
		}
		if sleepErr := sleeper.Sleep(ctx, jitter(backoff(policy, attempt))); sleepErr != nil {
			return sleepErr
		}
	}
	return err
}

func backoff(policy Policy, attempt int) time.Duration {
	d := policy.Base << attempt
	if d > policy.Cap {
		return policy.Cap
	}
	return d
}
`,
    },
    {
      path: "retry/retry_test.go",
      content: `package retry

import (
	"context"
	"errors"
	"testing"
	"time"
)

type recorder struct{ delays []time.Duration }

func (r *recorder) Sleep(ctx context.Context, d time.Duration) error {
	r.delays = append(r.delays, d)
	return ctx.Err()
}

var noJitter = func(d time.Duration) time.Duration { return d }

func TestPermanentErrorStopsAtOnce(t *testing.T) {
	calls := 0
	err := Do(context.Background(), Policy{MaxAttempts: 5, Base: time.Millisecond, Cap: time.Second, Jitter: noJitter}, &recorder{}, func(context.Context) error {
		calls++
		return Permanent(errors.New("bad request"))
	})
	if calls != 1 || err == nil || err.Error() != "bad request" {
		t.Fatalf("calls=%d err=%v", calls, err)
	}
}

func TestDelaysDoubleUpToCap(t *testing.T) {
	sleeper := &recorder{}
	_ = Do(context.Background(), Policy{MaxAttempts: 6, Base: 10 * time.Millisecond, Cap: 50 * time.Millisecond, Jitter: noJitter}, sleeper, func(context.Context) error {
		return errors.New("busy")
	})
	want := []time.Duration{10, 20, 40, 50, 50}
	for i, d := range want {
		if sleeper.delays[i] != d*time.Millisecond {
			t.Fatalf("delay %d = %v, want %v (all: %v)", i, sleeper.delays[i], d*time.Millisecond, sleeper.delays)
		}
	}
}

func TestCancelledContextEndsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Do(ctx, Policy{MaxAttempts: 3, Base: time.Millisecond, Cap: time.Second, Jitter: noJitter}, &recorder{}, func(context.Context) error {
		return errors.New("busy")
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}
`,
    },
  ],
  failure: {
    phase: "test",
    output: `=== RUN   TestRealSleepStopsWithTheContext
--- PASS: TestRealSleepStopsWithTheContext (0.00s)
PASS
ok  	example.com/app/clock	0.004s
=== RUN   TestPermanentErrorStopsAtOnce
--- PASS: TestPermanentErrorStopsAtOnce (0.00s)
=== RUN   TestDelaysDoubleUpToCap
--- PASS: TestDelaysDoubleUpToCap (0.00s)
=== RUN   TestCancelledContextEndsRetries
    retry_test.go:49: got busy
--- FAIL: TestCancelledContextEndsRetries (0.00s)
FAIL
FAIL	example.com/app/retry	0.005s
FAIL
`,
    errors: [
      {
        file: "retry/retry_test.go",
        line: 49,
        message: "TestCancelledContextEndsRetries: got busy",
      },
    ],
  },
};

export const BENCH_MODULES: readonly BenchModule[] = [PYTHON, NODE, JAVA, GO];
