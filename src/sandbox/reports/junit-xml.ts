import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A `<testcase>` of a JUnit XML report, in any runner's dialect. */
export type JunitCase = {
  name: string;
  classname: string;
  /** Every attribute, e.g. pytest's `file` and `line`. */
  attributes: Readonly<Record<string, string>>;
  /** Names of the enclosing `<testsuite>`s, outermost first. */
  suites: string[];
  outcome: "passed" | "failed" | "skipped";
  /** The `<failure>` or `<error>`: its attributes and its body (usually a stack trace). */
  failure: { message: string; type: string; text: string } | null;
};

type XmlNode = { [key: string]: unknown };

const REPEATED = new Set(["testsuites", "testsuite", "testcase", "failure", "error", "skipped"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  attributesGroupName: "@",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/**
 * The test cases of a JUnit XML report, or null when it is not well-formed. The report was
 * written by generated code, so a DOCTYPE (entity expansion) is refused outright.
 */
export function readJunitCases(xml: string): JunitCase[] | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  if (XMLValidator.validate(xml) !== true) return null;
  const root = parser.parse(xml) as XmlNode;
  const cases: JunitCase[] = [];
  walk(root, [], cases);
  return cases;
}

function walk(node: XmlNode, suites: string[], cases: JunitCase[]): void {
  for (const suite of children(node, "testsuites")) walk(suite, suites, cases);
  for (const suite of children(node, "testsuite")) {
    const name = attributes(suite).name;
    walk(suite, name ? [...suites, name] : suites, cases);
  }
  for (const testcase of children(node, "testcase")) cases.push(readCase(testcase, suites));
}

function readCase(node: XmlNode, suites: string[]): JunitCase {
  const attrs = attributes(node);
  const problem = children(node, "failure")[0] ?? children(node, "error")[0];
  const skipped = children(node, "skipped").length > 0;
  const failure =
    problem === undefined
      ? null
      : {
          message: attributes(problem).message ?? "",
          type: attributes(problem).type ?? "",
          text: text(problem),
        };
  return {
    name: attrs.name ?? "",
    classname: attrs.classname ?? "",
    attributes: attrs,
    suites,
    outcome: failure ? "failed" : skipped ? "skipped" : "passed",
    failure,
  };
}

function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (!Array.isArray(value)) return [];
  // An element with neither attributes nor children parses as its text.
  return value.map(
    (item): XmlNode =>
      typeof item === "object" && item !== null ? (item as XmlNode) : { "#text": String(item) },
  );
}

function attributes(node: XmlNode): Record<string, string> {
  const group = node["@"];
  if (typeof group !== "object" || group === null) return {};
  return Object.fromEntries(
    Object.entries(group).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}

function text(node: XmlNode): string {
  const value = node["#text"];
  return typeof value === "string" ? value : "";
}
