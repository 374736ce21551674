// Jest has its own module registry, so the local host's require hook never sees the library's
// lookup of "@azure/functions-core". This virtual mock hands it the same in-process core instead:
// function files register as they would in the host, and the library stays out of "test mode".
jest.mock(
  "@azure/functions-core",
  () =>
    jest.requireActual<typeof import("../../tools/functions-host/functionsCore")>(
      "../../tools/functions-host/functionsCore",
    ).functionsCore,
  { virtual: true },
);
