// WORKAROUND, to delete once src/expressions/internal/script-sandbox.ts loads the emscripten module
// itself (see the note in jest.config.cjs). The CommonJS build of
// @jitl/quickjs-ng-wasmfile-release-sync 0.32 loads its emscripten module with a dynamic import(),
// which jest's CommonJS runtime rejects: "TypeError: A dynamic import callback was invoked without
// --experimental-vm-modules". This is the same variant (sync, release build) loading the same two
// modules through the package's own "exports" with require().
const { QuickJSFFI } = require('@jitl/quickjs-ng-wasmfile-release-sync/ffi');

const variant = {
  type: 'sync',
  importFFI: () => Promise.resolve(QuickJSFFI),
  importModuleLoader: () => {
    const loaded = require('@jitl/quickjs-ng-wasmfile-release-sync/emscripten-module');
    return Promise.resolve(loaded.default ?? loaded);
  },
};

module.exports = { __esModule: true, default: variant };
