// Where tests find the repository, the shared real material (../shared next to the repository)
// and the binaries under test. Each is compiled in by sanding_test() and can be overridden by the
// environment variable of the same name (SANDING_SOURCE_DIR, SANDING_SHARED_DIR, SANDING_BIN,
// SANDING_FIXTURES_BIN).
#pragma once

#include <cstdlib>
#include <string>

namespace sanding::testing {

inline std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

inline std::string SourceDir() { return EnvOr("SANDING_SOURCE_DIR", SANDING_SOURCE_DIR_DEFAULT); }
inline std::string SharedDir() { return EnvOr("SANDING_SHARED_DIR", SANDING_SHARED_DIR_DEFAULT); }
inline std::string RealData(const std::string& rel) { return SharedDir() + "/realdata/" + rel; }

#ifdef SANDING_BIN_DEFAULT
inline std::string SandingBinPath() { return EnvOr("SANDING_BIN", SANDING_BIN_DEFAULT); }
inline std::string FixturesBinPath() {
  return EnvOr("SANDING_FIXTURES_BIN", SANDING_FIXTURES_BIN_DEFAULT);
}
#endif

}  // namespace sanding::testing
