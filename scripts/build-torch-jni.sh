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
#   scripts/build-torch-jni.sh --jni-headers DJL_SOURCE_DIR DIR
#                 writes the JNI header and the JDK's jni.h, jni_md.h into DIR, for a build on a
#                 machine without a JDK: JNI_HEADER_DIR=DIR scripts/build-torch-jni.sh ...
#
# Needs: CMake >= 3.18, a C++ compiler for the standard the headers ask for (C++17, or C++20 from
# libtorch 2.14), a JDK or JNI_HEADER_DIR, and for a CUDA libtorch the CUDA toolkit it was built
# with (CUDA_HOME, or /usr/local/cuda[-X.Y]). Uses ninja where installed. Changes for libtorch
# versions that differ from what DJL 0.35.1 was written for are applied to a copy of the sources
# in OUT_DIR/src, never to DJL_SOURCE_DIR: see patch_sources below. The result is checked: every
# torch and c10 library the JNI needs must resolve inside LIBTORCH_DIR, or the script stops.
set -euo pipefail

die() { echo "build-torch-jni: $*" >&2; exit 2; }
if [[ "${1:-}" == --jni-headers ]]; then
  # the JNI header of PyTorchLibrary and the JDK's jni.h, jni_md.h, for a build on a machine without a JDK
  [[ $# -eq 3 ]] || die "usage: scripts/build-torch-jni.sh --jni-headers DJL_SOURCE_DIR DIR"
  command -v javac >/dev/null || die "'javac' not found on PATH: --jni-headers needs a JDK"
  jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
  mkdir -p "$3/classes"
  javac -h "$3" -d "$3/classes" "$2/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
  cp "$jdk/include/jni.h" "$jdk/include/linux/jni_md.h" "$3/" && rm -rf "$3/classes"
  echo "wrote $3: ai_djl_pytorch_jni_PyTorchLibrary.h, jni.h, jni_md.h (JNI_HEADER_DIR=$3 for a build without a JDK)"
  exit 0
fi
[[ $# -eq 3 ]] || die "usage: scripts/build-torch-jni.sh LIBTORCH_DIR DJL_SOURCE_DIR OUT_DIR (or --jni-headers DJL_SOURCE_DIR DIR)"
libtorch=$(cd "$1" 2>/dev/null && pwd) || die "LIBTORCH_DIR '$1' is not a folder"
djl=$(cd "$2" 2>/dev/null && pwd) || die "DJL_SOURCE_DIR '$2' is not a folder"
mkdir -p "$3" || die "cannot create OUT_DIR '$3'"
out=$(cd "$3" && pwd)

native="$djl/engines/pytorch/pytorch-native"
jni_java="$djl/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
[[ -f "$native/CMakeLists.txt" ]] || die "no engines/pytorch/pytorch-native/CMakeLists.txt under '$djl': pass DJL's sources at v0.35.1"
[[ -f "$jni_java" ]] || die "no $jni_java: DJL_SOURCE_DIR needs engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni"
[[ -f "$djl/api/src/main/native/djl/utils.h" ]] || die "no api/src/main/native/djl/utils.h under '$djl'"
for tool in cmake c++; do command -v "$tool" >/dev/null || die "'$tool' not found on PATH"; done
if [[ -n "${JNI_HEADER_DIR:-}" ]]; then
  # a machine without a JDK: the headers written beforehand (write_jni_headers below, on a machine with one)
  for h in ai_djl_pytorch_jni_PyTorchLibrary.h jni.h jni_md.h; do
    [[ -f "$JNI_HEADER_DIR/$h" ]] || die "JNI_HEADER_DIR '$JNI_HEADER_DIR' has no $h: write it with scripts/build-torch-jni.sh --jni-headers DJL_SOURCE_DIR DIR where a JDK is"
  done
else
  command -v javac >/dev/null || die "'javac' not found on PATH: install a JDK, or set JNI_HEADER_DIR to headers written with --jni-headers"
  # CMake's FindJNI looks in JAVA_HOME: the JDK of the javac on PATH unless set
  export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
  [[ -f "$JAVA_HOME/include/jni.h" ]] || die "no include/jni.h in JAVA_HOME '$JAVA_HOME': point JAVA_HOME at a JDK"
fi

# libtorch's parts: the folder holding libtorch.so, and the one holding TorchConfig.cmake
libdir=$(dirname "$(find "$libtorch" -maxdepth 3 -name libtorch.so -print -quit 2>/dev/null)")
[[ -f "$libdir/libtorch.so" ]] || die "no libtorch.so under '$libtorch' (looked 3 levels deep)"
torch_cmake=$(dirname "$(find "$libtorch" -maxdepth 5 -name TorchConfig.cmake -print -quit 2>/dev/null)")
[[ -f "$torch_cmake/TorchConfig.cmake" ]] || die "no TorchConfig.cmake under '$libtorch'"
# the version: torch/headeronly/version.h from 2.8 on (csrc/api's version.h then only includes it),
# torch/csrc/api/include/torch/version.h before
version_h=""
while IFS= read -r candidate; do
  grep -q '^#define TORCH_VERSION_MAJOR' "$candidate" && { version_h=$candidate; break; }
done < <(find "$libtorch" -maxdepth 8 \( -path '*torch/headeronly/version.h' \
  -o -path '*torch/csrc/api/include/torch/version.h' \) 2>/dev/null)
[[ -n "$version_h" ]] || die "no torch/headeronly/version.h or torch/csrc/api/include/torch/version.h defining TORCH_VERSION_MAJOR under '$libtorch': the headers are missing"
part() { sed -n "s/^#define TORCH_VERSION_$1 \([0-9]*\).*/\1/p" "$version_h"; }
version="$(part MAJOR).$(part MINOR).$(part PATCH)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read the libtorch version from $version_h"
minor=$(part MINOR)
(( $(part MAJOR) == 1 && minor >= 13 || $(part MAJOR) == 2 && minor <= 14 )) \
  || echo "build-torch-jni: libtorch $version is outside 1.13 and 2.7 to 2.14, the versions this script knows; trying" >&2

# the C++ standard the headers ask for: ATen.h refuses below C++20 from 2.14 on
aten_h=$(find "$libtorch" -maxdepth 6 -path '*include/ATen/ATen.h' -print -quit 2>/dev/null)
[[ -n "$aten_h" ]] || die "no include/ATen/ATen.h under '$libtorch': the headers are missing"
cxx_standard=17
grep -q '__cplusplus < 202002L' "$aten_h" && cxx_standard=20

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
  # Where a libtorch differs from what DJL 0.35.1 was written for, fix the copy here, each change
  # guarded by what it is for.
  local cmake_lists="$src/engines/pytorch/pytorch-native/CMakeLists.txt"
  # every version: the run path is set below (libtorch's own folder); DJL's -rpath,$ORIGIN reaches
  # the linker empty under ninja, an empty entry that means the current directory
  grep -q 'LINK_FLAGS "-Wl,-rpath,$ORIGIN"' "$cmake_lists" || die "DJL's CMakeLists.txt no longer sets -rpath,\$ORIGIN: check the run path patch"
  sed -i 's/ PROPERTIES LINK_FLAGS "-Wl,-rpath,$ORIGIN"/ PROPERTIES LINK_FLAGS ""/' "$cmake_lists"
  # libtorch 2.14 on: the headers need C++20; DJL's CMakeLists sets the target's standard to 17
  if [[ $cxx_standard == 20 ]]; then
    grep -q 'CXX_STANDARD 17' "$cmake_lists" || die "DJL's CMakeLists.txt no longer sets CXX_STANDARD 17: check the C++ standard patch"
    sed -i 's/CXX_STANDARD 17/CXX_STANDARD 20/' "$cmake_lists"
    echo "patched: CXX_STANDARD 20 (libtorch $version's headers require C++20)"
  fi
}
patch_sources

pt_version=""
case "$version" in 1.13.*|2.0.*|2.1.*) pt_version=V1_13_X ;; esac
use_cuda=""
[[ "$flavor" == cu* ]] && use_cuda=1

mkdir -p "$src/engines/pytorch/pytorch-native/build/include"
jni_flags=()
if [[ -n "${JNI_HEADER_DIR:-}" ]]; then
  echo "== the JNI header from $JNI_HEADER_DIR"
  cp "$JNI_HEADER_DIR/ai_djl_pytorch_jni_PyTorchLibrary.h" "$out/build/include/"
  jni_flags=(-DJAVA_INCLUDE_PATH="$JNI_HEADER_DIR" -DJAVA_INCLUDE_PATH2="$JNI_HEADER_DIR"
    -DJAVA_JVM_LIBRARY=NotNeeded -DJAVA_AWT_LIBRARY=NotNeeded -DJAVA_AWT_INCLUDE_PATH=NotNeeded)
else
  echo "== javac -h (the JNI header of PyTorchLibrary)"
  javac -h "$out/build/include" -d "$out/build/classes" "$jni_java"
fi
# CMakeLists.txt reads the header from build/include beside itself
cp "$out/build/include/"*.h "$src/engines/pytorch/pytorch-native/build/include/"

# CUDA: the toolkit (CUDA_HOME, or /usr/local/cuda[-X.Y]) and, for a Python torch, the nvidia
# wheels' include/ and lib/ folders beside it (cuBLAS, cuSPARSE, cuDNN headers live there)
cuda_flags=()
if [[ -n $use_cuda ]]; then
  want="${flavor#cu}"; want="${want%?}.${want: -1}"
  toolkit=""
  for d in "${CUDA_HOME:-}" /usr/local/cuda-"$want" /usr/local/cuda; do
    [[ -n "$d" && -f "$d/include/cuda_runtime.h" ]] && { toolkit=$d; break; }
  done
  [[ -n "$toolkit" ]] || die "libtorch is built for CUDA $want but no CUDA toolkit with include/cuda_runtime.h was found: set CUDA_HOME"
  includes=("$toolkit/include") libpaths=("$toolkit/lib64")
  while IFS= read -r d; do includes+=("$d"); done < <(find "$libtorch/.." -maxdepth 3 -type d -path '*nvidia/*/include' 2>/dev/null | sort)
  while IFS= read -r d; do libpaths+=("$d"); done < <(find "$libtorch/.." -maxdepth 3 -type d -path '*nvidia/*/lib' 2>/dev/null | sort)
  cxx_includes=$(printf ' -isystem %s' "${includes[@]}")
  link_paths=$(printf ' -L%s' "${libpaths[@]}")
  cuda_flags=(-DCUDAToolkit_ROOT="$toolkit" -DCUDA_TOOLKIT_ROOT_DIR="$toolkit" -DCMAKE_CXX_FLAGS="$cxx_includes")
  # the wheels ship libnvrtc.so.13 without the unversioned name TorchConfig's find_library wants
  nvrtc=$(find "${libpaths[@]}" -maxdepth 1 -name 'libnvrtc.so*' ! -name '*builtins*' ! -name '*.alt.*' 2>/dev/null | sort | head -1)
  [[ -n "$nvrtc" ]] && cuda_flags+=(-DCUDA_nvrtc_LIBRARY="$nvrtc")
  echo "CUDA toolkit $toolkit; ${#includes[@]} include and ${#libpaths[@]} library folders"
fi

# TorchConfig.cmake's find_library searches the system folders before libtorch's own: with a
# system libtorch installed too (Debian's, say), the JNI would link against it. Outside a system
# prefix, CMake looks only where it is told.
# The JNI finds libtorch where it was built against (an absolute run path to libtorch's own lib
# folder, whose libraries then find theirs by their own $ORIGIN), not wherever the loader's default
# path points first. (DJL's CMakeLists asks for -rpath,$ORIGIN, which the ninja generator leaves to
# the shell to expand to nothing.)
rpath="-Wl,-rpath,$(readlink -f "$libdir")"
find_flags=(-DCMAKE_SHARED_LINKER_FLAGS="$rpath${link_paths:-}")
case "$libtorch" in /usr|/usr/local) ;; *) find_flags+=(-DCMAKE_FIND_USE_CMAKE_SYSTEM_PATH=OFF -DCMAKE_PREFIX_PATH="$libtorch") ;; esac
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

echo "== cmake (Torch_DIR=$torch_cmake, C++$cxx_standard${pt_version:+, $pt_version}${use_cuda:+, USE_CUDA}${generator:+, ninja})"
cmake -S "$src/engines/pytorch/pytorch-native" -B "$out/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DTorch_DIR="$torch_cmake" -DPT_VERSION="$pt_version" -DUSE_CUDA="$use_cuda" \
  "${find_flags[@]}" "${cuda_flags[@]}" "${jni_flags[@]}" >"$out/build/cmake.log" 2>&1 \
  || { tail -30 "$out/build/cmake.log" >&2; die "cmake failed: $out/build/cmake.log"; }
echo "== build"
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$out/build" -j "$jobs" >"$out/build/build.log" 2>&1 \
  || { grep -m 20 -A 5 "error" "$out/build/build.log" >&2; die "the build failed: $out/build/build.log"; }

# The JNI must be linked against exactly this libtorch: every torch and c10 library it needs,
# directly or through them, must resolve inside libtorch's lib folder (two libtorch versions in
# one process abort at engine start).
jni="$out/build/libdjl_torch.so"
real_libdir=$(readlink -f "$libdir")
mixed=$(env -u LD_LIBRARY_PATH ldd "$jni" | awk '$1 ~ /^lib(torch|c10|shm)/ {print $1 " " $3}' \
  | while read -r name path; do
      if [[ "$path" == not ]]; then echo "$name (not found)"
      elif [[ "$(dirname "$(readlink -f "$path")")" != "$real_libdir" ]]; then echo "$name -> $path"; fi
    done)
[[ -z "$mixed" ]] || die "mixed build: libdjl_torch.so needs $(echo "$mixed" | paste -sd, -) outside $libdir (another libtorch on the system?); remove it from the linker's path or build against that one"
echo "linked against: $(readelf -d "$jni" | sed -n 's/.*NEEDED.*\[\(lib\(torch\|c10\)[^]]*\)\].*/\1/p' | paste -sd' ' -) (all in $libdir)"

# The folder DJL loads (it loads every library there): the libraries the JNI needs from libtorch's
# lib folder, directly or through each other (readelf's NEEDED entries), linked, not copied; not
# the ones torch opens only when asked (libcaffe2_nvrtc.so needs the driver's libcuda.so.1,
# libtorch_python.so a Python interpreter). From a system folder (/usr/lib/...), only torch's own.
find "$out" -maxdepth 1 -type l -delete
needed() { readelf -d "$1" 2>/dev/null | sed -n 's/.*NEEDED.*\[\(.*\)\].*/\1/p'; }
declare -A keep=()
queue=($(needed "$jni"))
while (( ${#queue[@]} )); do
  name=${queue[0]}; queue=("${queue[@]:1}")
  [[ -n "${keep[$name]:-}" || ! -e "$libdir/$name" ]] && continue
  case "$libtorch" in /usr|/usr/local) [[ "$name" =~ ^lib(torch|c10|shm) ]] || continue ;; esac
  keep[$name]=1
  queue+=($(needed "$libdir/$name"))
done
for name in "${!keep[@]}"; do ln -sf "$libdir/$name" "$out/$name"; done
echo "the folder DJL loads: libdjl_torch.so and ${#keep[@]} libraries: $(printf '%s\n' "${!keep[@]}" | sort | paste -sd' ' -)"
cp "$out/build/libdjl_torch.so" "$out/libdjl_torch.so"
cat >"$out/env.sh" <<EOF
# source this file, then run genmodels as usual (built from: $libtorch)
export PYTORCH_LIBRARY_PATH="$out"
export PYTORCH_VERSION="$version"
export PYTORCH_FLAVOR="$flavor"
EOF
if [[ -n $use_cuda ]]; then
  # libtorch_cuda finds the CUDA libraries through its RUNPATH relative to its own folder, which a
  # link in OUT_DIR does not keep: name their folders
  echo "export LD_LIBRARY_PATH=\"$(IFS=:; echo "${libpaths[*]}")\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}\"" >>"$out/env.sh"
fi
echo "built $out/libdjl_torch.so against libtorch $version ($flavor)"
echo "use it:  source $out/env.sh && java -jar target/genmodels.jar ..."
