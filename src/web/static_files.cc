#include "web/static_files.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace samverkan::web {
namespace {

std::string ContentType(const std::filesystem::path& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".css", "text/css; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},              {".woff2", "font/woff2"},
      {".json", "application/json"},         {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto it = kTypes.find(path.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// FNV-1a, 64 bit: a fingerprint for cache validation, not a security measure.
uint64_t Fingerprint(std::string_view data, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string Gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

Result<std::unique_ptr<StaticFiles>> StaticFiles::Load(const std::string& dir) {
  auto files = std::unique_ptr<StaticFiles>(new StaticFiles());
  uint64_t all = 1469598103934665603ULL;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->is_symlink()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    File f;
    f.body = ss.str();
    f.content_type = ContentType(it->path());
    bool compressible = f.content_type.find("text/") == 0 || f.content_type.find("json") != std::string::npos ||
                        f.content_type.find("svg") != std::string::npos;
    if (compressible && f.body.size() > 256) {
      f.gzip = Gzip(f.body);
      if (f.gzip.size() >= f.body.size()) f.gzip.clear();
    }
    uint64_t h = Fingerprint(f.body);
    f.etag = "\"" + Hex(h) + "\"";
    std::string name = std::filesystem::relative(it->path(), dir).generic_string();
    all = Fingerprint(name, all ^ h);
    files->files_.emplace(std::move(name), std::move(f));
  }
  if (ec) return Error::Internal("cannot read static files in " + dir + ": " + ec.message());
  files->version_ = Hex(all).substr(0, 12);
  return files;
}

Response StaticFiles::Serve(const Request& req, std::string_view relative) const {
  auto it = files_.find(relative);
  if (relative.find("..") != std::string_view::npos || it == files_.end()) {
    return TextResponse(http::status::not_found, "text/plain; charset=utf-8", "Not found\n");
  }
  const File& f = it->second;
  bool current = req.query.Get("v") == version_;
  Response res{http::status::ok, 11};
  res.set(http::field::etag, f.etag);
  res.set(http::field::cache_control,
          current ? "public, max-age=31536000, immutable" : "public, no-cache");
  res.set(http::field::vary, "Accept-Encoding");
  if (req.Header(http::field::if_none_match) == f.etag) {
    res.result(http::status::not_modified);
    return res;
  }
  res.set(http::field::content_type, f.content_type);
  bool gzip_ok = !f.gzip.empty() &&
                 req.Header(http::field::accept_encoding).find("gzip") != std::string_view::npos;
  if (gzip_ok) {
    res.set(http::field::content_encoding, "gzip");
    res.body() = f.gzip;
  } else {
    res.body() = f.body;
  }
  res.prepare_payload();
  return res;
}

}  // namespace samverkan::web
