#!/usr/bin/env bash
# Builds DJL's PyTorch JNI (libdjl_torch.so) against a given libtorch and lays out the folder that
# DJL loads through PYTORCH_LIBRARY_PATH / PYTORCH_VERSION / PYTORCH_FLAVOR. For machines with no
# internet (DJL then cannot download its JNI) and for a libtorch other than DJL's default (a
# cluster's own build, the one inside a Python torch package, a CUDA flavour).
#
#   scripts/build-torch-jni.sh LIBTORCH_DIR DJL_SOURCE_DIR OUT_DIR
#
# LIBTORCH_DIR    a libtorch: the unpacked libtorch zip, or the torch folder of a Python install
#                 (python3 -c "import torch, os; print(os.path.dirname(torch.__file__))"), or a
#                 system prefix such as /usr (Debian's libtorch-dev). It must hold libtorch.so and
#                 TorchConfig.cmake.
# DJL_SOURCE_DIR  DJL's sources at the tag of the DJL release genmodels uses (v0.35.1): a git
#                 checkout, or only the three folders it needs, e.g.
#                   git -C djl archive v0.35.1 engines/pytorch/pytorch-native \
#                     engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni api/src/main/native \
#                     | tar -x -C native/djl-0.35.1
#                 (native/ is ignored by git: the sources are not part of this repository).
# OUT_DIR         written: libdjl_torch.so, links to libtorch's shared libraries, env.sh (the three
#                 variables to export), and build/ (CMake's files).
#
# Needs: a JDK (javac -h writes the JNI header), CMake >= 3.18, a C++17 compiler, and for a CUDA
# libtorch the CUDA toolkit it was built with (nvcc). Patches for libtorch versions whose API
# differs from what DJL 0.35.1 was written for are applied to a copy of the sources in OUT_DIR/src,
# never to DJL_SOURCE_DIR: see patch_sources below.
set -euo pipefail

die() { echo "build-torch-jni: $*" >&2; exit 2; }
[[ $# -eq 3 ]] || die "usage: scripts/build-torch-jni.sh LIBTORCH_DIR DJL_SOURCE_DIR OUT_DIR"
libtorch=$(cd "$1" 2>/dev/null && pwd) || die "LIBTORCH_DIR '$1' is not a folder"
djl=$(cd "$2" 2>/dev/null && pwd) || die "DJL_SOURCE_DIR '$2' is not a folder"
mkdir -p "$3" || die "cannot create OUT_DIR '$3'"
out=$(cd "$3" && pwd)

native="$djl/engines/pytorch/pytorch-native"
jni_java="$djl/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
[[ -f "$native/CMakeLists.txt" ]] || die "no engines/pytorch/pytorch-native/CMakeLists.txt under '$djl': pass DJL's sources at v0.35.1"
[[ -f "$jni_java" ]] || die "no $jni_java: DJL_SOURCE_DIR needs engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni"
[[ -f "$djl/api/src/main/native/djl/utils.h" ]] || die "no api/src/main/native/djl/utils.h under '$djl'"
for tool in javac cmake c++; do command -v "$tool" >/dev/null || die "'$tool' not found on PATH"; done
# CMake's FindJNI looks in JAVA_HOME: the JDK of the javac on PATH unless set
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[[ -f "$JAVA_HOME/include/jni.h" ]] || die "no include/jni.h in JAVA_HOME '$JAVA_HOME': point JAVA_HOME at a JDK"

# libtorch's parts: the folder holding libtorch.so, and the one holding TorchConfig.cmake
libdir=$(dirname "$(find "$libtorch" -maxdepth 3 -name libtorch.so -print -quit 2>/dev/null)")
[[ -f "$libdir/libtorch.so" ]] || die "no libtorch.so under '$libtorch' (looked 3 levels deep)"
torch_cmake=$(dirname "$(find "$libtorch" -maxdepth 5 -name TorchConfig.cmake -print -quit 2>/dev/null)")
[[ -f "$torch_cmake/TorchConfig.cmake" ]] || die "no TorchConfig.cmake under '$libtorch'"
version_h=$(find "$libtorch" -maxdepth 7 -path '*torch/csrc/api/include/torch/version.h' -print -quit 2>/dev/null)
[[ -n "$version_h" ]] || die "no torch/csrc/api/include/torch/version.h under '$libtorch': the headers are missing"
part() { sed -n "s/^#define TORCH_VERSION_$1 \([0-9]*\).*/\1/p" "$version_h"; }
version="$(part MAJOR).$(part MINOR).$(part PATCH)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read the libtorch version from $version_h"

# the flavour DJL names: cpu, or cu + the CUDA version libtorch was built with (cu130 for 13.0)
flavor=cpu
if [[ -f "$libdir/libtorch_cuda.so" ]]; then
  cuda=$(sed -n 's/.*CUDA_VERSION[^0-9]*\([0-9][0-9]*\)\.\([0-9]\).*/\1\2/p' \
    "$(find "$libtorch" -maxdepth 3 -name version.py -path '*torch/version.py' -print -quit 2>/dev/null || true)" 2>/dev/null | head -1)
  if [[ -z "$cuda" ]] && command -v nvcc >/dev/null; then
    cuda=$(nvcc --version | sed -n 's/.*release \([0-9]*\)\.\([0-9]\).*/\1\2/p')
  fi
  [[ -n "$cuda" ]] || die "libtorch has CUDA but its CUDA version was not found (no torch/version.py, no nvcc)"
  flavor="cu$cuda"
fi
djl_version=$(sed -n 's/^djl = "\(.*\)"/\1/p' "$djl/gradle/libs.versions.toml" 2>/dev/null || true)
echo "libtorch $version ($flavor) in $libdir; DJL ${djl_version:-unknown version} sources in $djl"

# a private copy of the sources, patched where this libtorch differs from the one DJL targets
src="$out/src"
rm -rf "$src" "$out/build"
mkdir -p "$src/engines/pytorch" "$src/api/src/main" "$out/build/include" "$out/build/classes"
cp -r "$native" "$src/engines/pytorch/pytorch-native"
cp -r "$djl/api/src/main/native" "$src/api/src/main/native"

patch_sources() {
  # Where a libtorch's API differs from what DJL 0.35.1 was written for, fix the copy here, each
  # change guarded by the version it is for and naming the API. None is needed for the versions
  # built so far (see README, "Your own libtorch").
  :
}
patch_sources

pt_version=""
case "$version" in 1.13.*|2.0.*|2.1.*) pt_version=V1_13_X ;; esac
use_cuda=""
[[ "$flavor" == cu* ]] && use_cuda=1

echo "== javac -h (the JNI header of PyTorchLibrary)"
javac -h "$out/build/include" -d "$out/build/classes" "$jni_java"
# CMakeLists.txt reads the header from build/include beside itself
mkdir -p "$src/engines/pytorch/pytorch-native/build"
cp -r "$out/build/include" "$src/engines/pytorch/pytorch-native/build/"

echo "== cmake (Torch_DIR=$torch_cmake${pt_version:+, $pt_version}${use_cuda:+, USE_CUDA})"
cmake -S "$src/engines/pytorch/pytorch-native" -B "$out/build" -DCMAKE_BUILD_TYPE=Release \
  -DTorch_DIR="$torch_cmake" -DPT_VERSION="$pt_version" -DUSE_CUDA="$use_cuda" >"$out/build/cmake.log" 2>&1 \
  || { tail -30 "$out/build/cmake.log" >&2; die "cmake failed: $out/build/cmake.log"; }
echo "== build"
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$out/build" -- -j "$jobs" >"$out/build/build.log" 2>&1 \
  || { grep -m 20 -A 5 "error" "$out/build/build.log" >&2; die "the build failed: $out/build/build.log"; }

# The folder DJL loads: libtorch's shared libraries (linked, not copied) and the JNI beside them.
# DJL loads every library in that folder, so from a system folder (/usr/lib/...) only torch's own
# are linked (their dependencies resolve as usual); from a libtorch's own lib/ folder, all of them
# (libtorch finds its bundled dependencies beside itself).
find "$out" -maxdepth 1 -type l -delete
if (( $(find "$libdir" -maxdepth 1 -name '*.so*' | wc -l) > 100 )); then
  libs=("$libdir"/libtorch*.so "$libdir"/libc10*.so "$libdir"/libshm.so)
else
  libs=("$libdir"/*.so*)
fi
for lib in "${libs[@]}"; do
  [[ "$(basename "$lib")" == libtorch_python* ]] && continue # needs a Python interpreter
  [[ -e "$lib" ]] && ln -sf "$lib" "$out/$(basename "$lib")"
done
cp "$out/build/libdjl_torch.so" "$out/libdjl_torch.so"
cat >"$out/env.sh" <<EOF
# source this file, then run genmodels as usual (built from: $libtorch)
export PYTORCH_LIBRARY_PATH="$out"
export PYTORCH_VERSION="$version"
export PYTORCH_FLAVOR="$flavor"
EOF
echo "built $out/libdjl_torch.so against libtorch $version ($flavor)"
echo "use it:  source $out/env.sh && java -jar target/genmodels.jar ..."
