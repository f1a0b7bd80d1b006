#!/usr/bin/env node
/*
 * Read a graphkit export with the JavaScript libraries other tools use, and print what
 * they understood as JSON on stdout, for the Python tests to compare.
 *
 *   node tests/js/read.js graphml FILE   graphology-graphml (the parser of Gephi Lite)
 *   node tests/js/read.js gexf FILE      graphology-gexf, with Gephi Lite's options
 *   node tests/js/read.js json FILE      node-link JSON loaded into graphology as
 *                                        docs/exports.md shows
 *   node tests/js/read.js csv NODES EDGES   csv-parse (RFC 4180, strict quoting)
 *   node tests/js/read.js cypher FILE... Neo4j's own Cypher parser and semantic checks
 *                                        (@neo4j-cypher/language-support, the linter of
 *                                        Neo4j's editors): the diagnostics of each file
 *
 * XML is first parsed by xmldom with every warning and error made fatal, so a file
 * that a browser's DOMParser would complain about fails here too.
 * Install with `npm ci --prefix tests/js`.
 */
'use strict';

const fs = require('fs');
const path = require('path');

function load(name) {
  try {
    return require(name);
  } catch (error) {
    process.stderr.write(
      `cannot load '${name}' (${error.code || error.message}); ` +
        'run `npm ci --prefix tests/js` first\n'
    );
    process.exit(3);
  }
}

function strictDocument(text) {
  const {DOMParser} = load('@xmldom/xmldom');
  const fail = level => message => {
    throw new Error(`xmldom ${level}: ${message}`);
  };
  const parser = new DOMParser({
    errorHandler: {warning: fail('warning'), error: fail('error'), fatalError: fail('fatalError')}
  });
  return parser.parseFromString(text, 'application/xml');
}

function fromNodeLink(Graph, data) {
  // The snippet docs/exports.md gives for loading graph.json into graphology.
  const graph = new Graph({type: 'directed', multi: true});
  graph.mergeAttributes(data.graph || {});
  for (const {id, ...attributes} of data.nodes) graph.addNode(id, attributes);
  for (const {id, source, target, ...attributes} of data.links)
    graph.addDirectedEdgeWithKey(id, source, target, attributes);
  return graph;
}

function main(argv) {
  const [format, file, second, ...more] = argv;
  const read = f => fs.readFileSync(path.resolve(f), 'utf8');
  if (format === 'csv') {
    const {parse} = load('csv-parse/sync');
    const options = {columns: true, bom: false, relax_quotes: false, skip_empty_lines: false};
    return {nodes: parse(read(file), options), edges: parse(read(second), options)};
  }
  if (format === 'cypher') {
    const {lintCypherQuery} = load('@neo4j-cypher/language-support');
    return [file, second, ...more].filter(f => f !== undefined).map(f =>
      lintCypherQuery(read(f), {}, {}).diagnostics.map(d => (
        {severity: d.severity, message: d.message, line: d.range.start.line + 1})));
  }
  const graphology = load('graphology');
  if (format === 'graphml') {
    const graphml = load('graphology-graphml');
    return graphml.parse(graphology.Graph, strictDocument(read(file)), {addMissingNodes: true}).export();
  }
  if (format === 'gexf') {
    const gexf = load('graphology-gexf');
    const options = {allowUndeclaredAttributes: true, addMissingNodes: true};
    return gexf.parse(graphology.Graph, strictDocument(read(file)), options).export();
  }
  if (format === 'json') {
    return fromNodeLink(graphology.Graph, JSON.parse(read(file))).export();
  }
  throw new Error(`unknown format '${format}'`);
}

try {
  process.stdout.write(JSON.stringify(main(process.argv.slice(2))));
} catch (error) {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
}
