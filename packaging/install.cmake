# Run by `cmake --install` (make install, make deb) after the binary, rules and docs are in
# place: installs what depends on the prefix chosen at install time.
#   - the systemd units, whose ExecStart names PREFIX/bin/jikenbo, each with the sandbox of
#     packaging/systemd/hardening.conf, into PREFIX/lib/systemd/system
#   - the services' settings (default/jikenbo, jikenbo/feeds.txt) into /etc for PREFIX /usr,
#     else PREFIX/etc; an existing file is an administrator's and is kept
#   - the man pages, generated from --help by help2man (packaging/manpages.sh)
# Set by the caller (CMakeLists.txt): JK_SOURCE, JK_BUILD, JK_BIN, JK_VERSION.
set(prefix "${CMAKE_INSTALL_PREFIX}")
if(prefix STREQUAL "/usr")
  set(ETCDIR "/etc")
else()
  set(ETCDIR "${prefix}/etc")
endif()
set(BINDIR "${prefix}/bin")
set(DOCDIR "${prefix}/share/doc/jikenbo")
set(staged "${JK_BUILD}/install-staged")
file(REMOVE_RECURSE "${staged}")

file(READ "${JK_SOURCE}/packaging/systemd/hardening.conf" HARDENING)
string(REGEX REPLACE "^(#[^\n]*\n)+" "" HARDENING "${HARDENING}")
set(HARDENING "# Sandbox (packaging/systemd/hardening.conf)\n${HARDENING}")
foreach(unit jikenbo-serve.service jikenbo-watch.service jikenbo-worker@.service)
  configure_file("${JK_SOURCE}/packaging/systemd/${unit}.in" "${staged}/units/${unit}" @ONLY)
  file(INSTALL "${staged}/units/${unit}" DESTINATION "${prefix}/lib/systemd/system"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()

configure_file("${JK_SOURCE}/packaging/jikenbo.default.in" "${staged}/etc/jikenbo" @ONLY)
if(NOT EXISTS "$ENV{DESTDIR}${ETCDIR}/default/jikenbo")
  file(INSTALL "${staged}/etc/jikenbo" DESTINATION "${ETCDIR}/default")
endif()
if(NOT EXISTS "$ENV{DESTDIR}${ETCDIR}/jikenbo/feeds.txt")
  file(INSTALL "${JK_SOURCE}/packaging/feeds.txt" DESTINATION "${ETCDIR}/jikenbo")
endif()

execute_process(
  COMMAND bash "${JK_SOURCE}/packaging/manpages.sh" "${JK_BIN}" "${staged}/man1" "${JK_VERSION}"
          "${prefix}/share/jikenbo/rules"
  RESULT_VARIABLE manpages_status)
if(NOT manpages_status EQUAL 0)
  message(FATAL_ERROR "man pages: packaging/manpages.sh failed (${manpages_status})")
endif()
file(GLOB pages "${staged}/man1/*.1.gz")
file(INSTALL ${pages} DESTINATION "${prefix}/share/man/man1"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
