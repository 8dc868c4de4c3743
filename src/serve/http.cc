#include "serve/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/resource.h>

#include <chrono>
#include <cstring>
#include <thread>

namespace jikenbo::serve {
namespace {

struct Server {
  const HttpOptions* options;
  const Handler* handler;
};

// One request in progress (MHD calls the access handler several times per request).
struct Pending {
  std::string body;
  bool too_large = false;
};

enum MHD_Result CollectHeader(void* cls, enum MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(cls);
  std::string k = key == nullptr ? "" : key;
  for (char& c : k) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  (*headers)[k] = value == nullptr ? "" : value;
  return MHD_YES;
}

enum MHD_Result CollectArg(void* cls, enum MHD_ValueKind, const char* key, const char* value) {
  auto* query = static_cast<std::multimap<std::string, std::string>*>(cls);
  query->emplace(key == nullptr ? "" : key, value == nullptr ? "" : value);
  return MHD_YES;
}

std::string ClientAddress(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) return "";
  char buf[INET6_ADDRSTRLEN] = {0};
  const sockaddr* sa = info->client_addr;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

enum MHD_Result Send(MHD_Connection* connection, const Response& r, bool head) {
  MHD_Response* response = MHD_create_response_from_buffer(
      head ? 0 : r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, "Content-Type", r.content_type.c_str());
  for (const auto& [name, value] : r.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const enum MHD_Result ok =
      MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return ok;
}

enum MHD_Result Access(void* cls, MHD_Connection* connection, const char* url, const char* method,
                       const char*, const char* upload_data, size_t* upload_data_size,
                       void** con_cls) {
  const Server& server = *static_cast<Server*>(cls);
  if (*con_cls == nullptr) {  // headers are in; the body (if any) follows
    *con_cls = new Pending();
    return MHD_YES;
  }
  auto* pending = static_cast<Pending*>(*con_cls);
  if (*upload_data_size > 0) {
    if (pending->body.size() + *upload_data_size > server.options->max_body) {
      pending->too_large = true;  // read and drop the rest, answer 413 at the end
    } else {
      pending->body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (pending->too_large) {
    Response r;
    r.status = 413;
    r.content_type = "application/json";
    r.body = "{\"error\":{\"status\":413,\"message\":\"request body too large\"}}";
    return Send(connection, r, false);
  }
  Request request;
  request.method = method == nullptr ? "" : method;
  request.path = url == nullptr ? "/" : url;
  request.body = std::move(pending->body);
  request.client = ClientAddress(connection);
  MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &request.headers);
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectArg, &request.query);
  Response response;
  try {
    response = (*server.handler)(request);
  } catch (const std::exception& e) {  // the edge: nothing escapes into libmicrohttpd
    response = {
        500, "application/json", "{\"error\":{\"status\":500,\"message\":\"internal error\"}}", {}};
  }
  return Send(connection, response, request.method == "HEAD");
}

void Completed(void*, MHD_Connection*, void** con_cls, enum MHD_RequestTerminationCode) {
  delete static_cast<Pending*>(*con_cls);
  *con_cls = nullptr;
}

}  // namespace

std::string Request::Param(const std::string& name) const {
  const auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

std::vector<std::string> Request::Params(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [it, end] = query.equal_range(name); it != end; ++it) {
    if (!it->second.empty()) out.push_back(it->second);
  }
  return out;
}

std::string Request::Header(const std::string& lower_name) const {
  const auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::Cookie(std::string_view name) const {
  const std::string header = Header("cookie");
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string_view pair = std::string_view(header).substr(at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    at = end + 1;
  }
  return "";
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  auto hex = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(plus_is_space && s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseQuery(std::string_view query) {
  std::multimap<std::string, std::string> out;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (!pair.empty()) {
      out.emplace(PercentDecode(pair.substr(0, eq), true),
                  eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

Status ServeHttp(const HttpOptions& options, const Handler& handler, std::atomic<bool>* stop,
                 const std::function<void(uint16_t)>& on_ready) {
  Server server{&options, &handler};
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  const sockaddr* addr = nullptr;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
  if (inet_pton(AF_INET, options.bind.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(options.port);
    addr = reinterpret_cast<const sockaddr*>(&v4);
  } else if (inet_pton(AF_INET6, options.bind.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(options.port);
    addr = reinterpret_cast<const sockaddr*>(&v6);
    flags |= MHD_USE_IPv6;
  } else {
    return Status::InvalidInput("not an IP address to bind: '" + options.bind + "'");
  }
  // Every connection is a descriptor: lift the soft limit (1024 on Debian) towards the hard
  // one, so that max_connections can be open without accept() failing with EMFILE.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    const rlim_t want = static_cast<rlim_t>(options.max_connections) + 256;
    if (files.rlim_cur < want) {
      files.rlim_cur = files.rlim_max == RLIM_INFINITY ? want : std::min(want, files.rlim_max);
      (void)setrlimit(RLIMIT_NOFILE, &files);
    }
  }
  MHD_Daemon* daemon = MHD_start_daemon(
      flags, options.port, nullptr, nullptr, &Access, &server, MHD_OPTION_SOCK_ADDR, addr,
      MHD_OPTION_THREAD_POOL_SIZE, options.threads, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      options.connections_per_ip, MHD_OPTION_CONNECTION_LIMIT, options.max_connections,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, options.listen_backlog, MHD_OPTION_CONNECTION_TIMEOUT,
      options.timeout_seconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(64 * 1024),
      MHD_OPTION_NOTIFY_COMPLETED, &Completed, nullptr, MHD_OPTION_END);
  if (daemon == nullptr) {
    return Status::IoError("cannot listen on " + options.bind + ":" + std::to_string(options.port));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  if (on_ready) on_ready(info != nullptr ? info->port : options.port);
  while (!stop->load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  MHD_stop_daemon(daemon);
  return Status::Ok();
}

}  // namespace jikenbo::serve
