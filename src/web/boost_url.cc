// Boost.URL compiled into this library: Debian ships it header-only, with src.hpp meant to be
// included in exactly one translation unit.
#include <boost/url/src.hpp>
