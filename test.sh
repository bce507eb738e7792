#!/usr/bin/env bash
# The whole test suite, from a fresh clone: ./test.sh
#
#  1. builds the nanoFramework projects for Linux (Lab/Nano/*, against nanoFramework.CoreLibrary and the
#     nanoFramework packages) and the desktop Lab solution;
#  2. NanoCheck: every .cs listed in its .nfproj, packages.config in step with the Linux build, no generics
#     and no assembly references that packages.config does not provide;
#  3. the device test assemblies (DEVICE_TESTS) inside a real nanoCLR (../shared/nanoframework/run-tests), one line per test;
#  4. the Lab's xunit tests (desktop build of the same portable sources);
#  5. the main job (the virtual device demo), which must end with every device holding a valid certificate.
# Ends with "total: N passed, N failed" and exits non-zero if anything failed or no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$PWD"
NF_TOOLS="$ROOT/../shared/nanoframework"
CONFIG=Release
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n=== %s\n' "$*"; }
fail() { printf '\ntest.sh: FAILED: %s\n' "$*" >&2; exit 1; }

step "prerequisites"
command -v dotnet >/dev/null || fail "the .NET SDK (dotnet, 10.0 or later) is not on PATH"
dotnet --version
# run-tests needs coreutils' timeout and bc (for its timing line); the Lab's interop tests need openssl and curl, and
# the MQTT tests a real mosquitto broker (Lab/DeviceMqtt.Tests start their own; it lives in /usr/sbin).
missing=""
for tool in bc:bc timeout:coreutils openssl:openssl curl:curl mosquitto:mosquitto; do
    command -v "${tool%%:*}" >/dev/null || [ -x "/usr/sbin/${tool%%:*}" ] || missing="$missing ${tool#*:}"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing:$missing"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    elif command -v apt-get >/dev/null && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        echo "installing (sudo):$missing"
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        fail "install:$missing (apt-get install$missing)"
    fi
fi

# Where ../shared is absent the device tests cannot run here: say so first, and fail at that step.
explain_missing_nanoclr() {
    cat >&2 <<MSG
The nanoCLR test runner is not here: $NF_TOOLS/run-tests is missing.
It comes with ../shared/nanoframework beside this checkout. Without it, run DeviceAgent.Tests either
  - in Visual Studio with the nanoFramework extension: open nanoFramework.sln, Test Explorer, Run All
    (DeviceAgent.Tests/nano.runsettings selects the nanoclr virtual device), or
  - with the nanoclr global tool on Windows: dotnet tool install -g nanoclr, build the solution, then
    nanoclr run --assemblies <every .pe in DeviceAgent.Tests/bin/Debug>
Without ../shared the nanoFramework packages restore from the public registry, which must then serve them.
MSG
}
have_nanoclr=""
if [ -x "$NF_TOOLS/run-tests" ]; then have_nanoclr=1; else explain_missing_nanoclr; fi

# Device test assemblies, each run in its own nanoCLR (one assembly's string table holds at most 64 KB).
DEVICE_TESTS="Atecc608Driver.Tests DeviceAgent.Tests DeviceAgent.Renewal.Tests DeviceAgent.Cloud.Tests"

step "build: nanoFramework projects for Linux (netstandard2.0 + nanoFramework mscorlib, LangVersion 10)"
for t in $DEVICE_TESTS; do
    dotnet build "Lab/Nano/$t/$t.csproj" -c "$CONFIG" -nologo -v q -clp:ErrorsOnly
done

step "build: Lab (net10.0)"
dotnet build Lab/Lab.sln -c "$CONFIG" -nologo -v q -clp:ErrorsOnly

step "dotnet format: Lab code style"
dotnet format Lab/Lab.sln --verify-no-changes || fail "dotnet format found changes to make (run: dotnet format Lab/Lab.sln)"

step "NanoCheck: .nfproj sources and packages in step with the Linux build; no generics; references provided"
dotnet "Lab/Tools/NanoCheck/bin/$CONFIG/net10.0/NanoCheck.dll" \
    Atecc608Driver/Atecc608Driver.nfproj Lab/Nano/Atecc608Driver/Atecc608Driver.csproj \
    DeviceAgent/DeviceAgent.nfproj Lab/Nano/DeviceAgent/DeviceAgent.csproj \
    Atecc608Driver.Tests/Atecc608Driver.Tests.nfproj Lab/Nano/Atecc608Driver.Tests/Atecc608Driver.Tests.csproj \
    DeviceAgent.Tests/DeviceAgent.Tests.nfproj Lab/Nano/DeviceAgent.Tests/DeviceAgent.Tests.csproj \
    DeviceAgent.Renewal.Tests/DeviceAgent.Renewal.Tests.nfproj Lab/Nano/DeviceAgent.Renewal.Tests/DeviceAgent.Renewal.Tests.csproj \
    DeviceAgent.Cloud.Tests/DeviceAgent.Cloud.Tests.nfproj Lab/Nano/DeviceAgent.Cloud.Tests/DeviceAgent.Cloud.Tests.csproj \
    || fail "NanoCheck found problems (listed above)"

step "device tests in nanoCLR ($DEVICE_TESTS)"
if [ -z "$have_nanoclr" ]; then explain_missing_nanoclr; fail "device tests were not run"; fi
nano_out="$(mktemp)"
trap 'rm -f "$nano_out"' EXIT
nano_passed=0
nano_failed=0
for t in $DEVICE_TESTS; do
    echo "--- $t"
    set +e
    "$NF_TOOLS/run-tests" "Lab/Nano/$t/bin/$CONFIG/netstandard2.0" 2>&1 | tee "$nano_out"
    nano_rc=${PIPESTATUS[0]}
    set -e
    [ "$nano_rc" -eq 0 ] || fail "device tests $t in nanoCLR (exit $nano_rc)"
    read -r p f < <(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' "$nano_out" | tail -1)
    nano_passed=$((nano_passed + p))
    nano_failed=$((nano_failed + f))
done

step "Lab tests (xunit, desktop .NET)"
lab_out="$(mktemp)"
trap 'rm -f "$nano_out" "$lab_out"' EXIT
set +e
dotnet test Lab/Lab.sln -c "$CONFIG" --no-build -nologo 2>&1 | tee "$lab_out"
lab_rc=${PIPESTATUS[0]}
set -e
lab_passed=$(sed -nE 's/.*Passed:[[:space:]]*([0-9]+).*/\1/p' "$lab_out" | awk '{s+=$1} END {print s+0}')
lab_failed=$(sed -nE 's/.*Failed:[[:space:]]*([0-9]+),.*/\1/p' "$lab_out" | awk '{s+=$1} END {print s+0}')
[ "$lab_rc" -eq 0 ] || fail "Lab tests (exit $lab_rc)"
[ "$lab_passed" -gt 0 ] || fail "no Lab test ran"

step "main job: the virtual device demo, full scenario (README's command)"
demo_out="$(mktemp)"
trap 'rm -f "$nano_out" "$lab_out" "$demo_out"' EXIT
set +e
dotnet run -c "$CONFIG" --no-build --project Lab/VirtualDevice -- --ms-per-day 0 2>&1 | tee "$demo_out" | tail -n 20
demo_rc=${PIPESTATUS[0]}
set -e
[ "$demo_rc" -eq 0 ] && grep -q "No device went dark" "$demo_out" || fail "the virtual device demo (exit $demo_rc)"

printf '\nnanoCLR: %s passed, %s failed\nLab:     %s passed, %s failed\nmain job: passed\n' "$nano_passed" "$nano_failed" "$lab_passed" "$lab_failed"
echo "total: $((nano_passed + lab_passed + 1)) passed, $((nano_failed + lab_failed)) failed"
