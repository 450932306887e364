// The tests log in with the same client as the CLI: it is written apart from the server, from the spec.
export * from '../../src/protocols/haystack/client/scram-login.js';
