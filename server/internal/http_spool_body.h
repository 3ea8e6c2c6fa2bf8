// A Beast request body that is held in memory up to a threshold and spooled to a temporary file
// beyond it (large uploads never sit in memory). Private to server/http_server.cc.
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace sanding::server::internal {

struct SpoolBody {
  class value_type {
   public:
    value_type() = default;
    value_type(const value_type&) = delete;
    value_type& operator=(const value_type&) = delete;
    value_type(value_type&& o) noexcept { MoveFrom(o); }
    value_type& operator=(value_type&& o) noexcept {
      if (this != &o) {
        Discard();
        MoveFrom(o);
      }
      return *this;
    }
    ~value_type() { Discard(); }

    void CloseFd() {
      if (fd >= 0) {
        ::close(fd);
        fd = -1;
      }
    }
    // Closes and deletes the spool file, if any.
    void Discard() {
      CloseFd();
      if (!path.empty()) {
        ::unlink(path.c_str());
        path.clear();
      }
    }

    // Configuration, set before the body is read.
    uint64_t memory_limit = 0;  // bodies larger than this go to a file
    std::string dir;            // where the file goes ("" = system temp directory)

    // Result.
    std::string memory;  // the body when it stayed in memory
    std::string path;    // the spool file (owned: deleted with this object unless taken)
    uint64_t size = 0;
    bool io_failed = false;  // the spool file could not be created or written

    int fd = -1;

   private:
    void MoveFrom(value_type& o) {
      memory_limit = o.memory_limit;
      dir = std::move(o.dir);
      memory = std::move(o.memory);
      path = std::exchange(o.path, {});
      size = o.size;
      io_failed = o.io_failed;
      fd = std::exchange(o.fd, -1);
    }
  };

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& content_length, boost::beast::error_code& ec) {
      ec = {};
      if (content_length && *content_length > body_.memory_limit) {
        OpenFile(ec);
      } else if (content_length) {
        body_.memory.reserve(static_cast<size_t>(*content_length));
      }
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      ec = {};
      std::size_t used = 0;
      for (auto it = boost::asio::buffer_sequence_begin(buffers);
           it != boost::asio::buffer_sequence_end(buffers); ++it) {
        boost::asio::const_buffer b = *it;
        const char* p = static_cast<const char*>(b.data());
        const std::size_t n = b.size();
        if (body_.fd < 0 && body_.memory.size() + n > body_.memory_limit) {
          if (!OpenFile(ec)) return used;
          if (!WriteAll(body_.memory.data(), body_.memory.size(), ec)) return used;
          std::string().swap(body_.memory);
        }
        if (body_.fd >= 0) {
          if (!WriteAll(p, n, ec)) return used;
        } else {
          body_.memory.append(p, n);
        }
        body_.size += n;
        used += n;
      }
      return used;
    }

    void finish(boost::beast::error_code& ec) {
      ec = {};
      body_.CloseFd();
    }

   private:
    bool OpenFile(boost::beast::error_code& ec) {
      if (body_.fd >= 0) return true;
      std::error_code fec;
      std::string dir = body_.dir;
      if (dir.empty()) dir = std::filesystem::temp_directory_path(fec).string();
      if (dir.empty()) dir = "/tmp";
      std::string tmpl = dir + "/sanding-body-XXXXXX";
      std::vector<char> name(tmpl.begin(), tmpl.end());
      name.push_back('\0');
      const int fd = ::mkostemp(name.data(), O_CLOEXEC);
      if (fd < 0) {
        ec = boost::beast::error_code(errno, boost::system::system_category());
        body_.io_failed = true;
        return false;
      }
      body_.fd = fd;
      body_.path = name.data();
      return true;
    }

    bool WriteAll(const char* p, std::size_t n, boost::beast::error_code& ec) {
      while (n > 0) {
        const ssize_t w = ::write(body_.fd, p, n);
        if (w < 0) {
          if (errno == EINTR) continue;
          ec = boost::beast::error_code(errno, boost::system::system_category());
          body_.io_failed = true;
          return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
      }
      return true;
    }

    value_type& body_;
  };
};

}  // namespace sanding::server::internal
