// Static assets (CSS, scripts, images) held in memory with a strong ETag and a gzip copy
// made once at start-up. URLs carry ?v=<version>; a request with the current version may be
// cached for a year, any other is revalidated with the ETag.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/result.h"
#include "web/request.h"

namespace samverkan::web {

class StaticFiles {
 public:
  // Reads every file below `dir` (no symbolic links followed out of it).
  static Result<std::unique_ptr<StaticFiles>> Load(const std::string& dir);

  // A hash of all files, for ?v= in page links.
  const std::string& version() const { return version_; }
  // Serves `relative` ("app.css"); 404 for anything not loaded, including any path with "..".
  Response Serve(const Request& req, std::string_view relative) const;

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzip;  // empty when compression does not pay
    std::string etag;
  };
  std::map<std::string, File, std::less<>> files_;
  std::string version_;
};

// gzip (RFC 1952) of `data` at the best compression level, through zlib.
std::string Gzip(std::string_view data);

}  // namespace samverkan::web
