#!/usr/bin/env bash
# A real single-node SLURM on this machine, for the sweep's SLURM executor and its test:
#
#   scripts/local-slurm.sh start DIR   # config, state and logs under DIR; prints the SLURM_CONF to export
#   scripts/local-slurm.sh stop DIR    # stops the daemons it started (by their pid files)
#
# Needs root and Debian's slurm-wlm and munge (apt-get install slurm-wlm munge). One node (this
# machine, as `slurmd -C` describes it) in one default partition; no accounting, no cgroups.
set -euo pipefail
die() { echo "local-slurm: $*" >&2; exit 2; }
[[ $# -eq 2 ]] || die "usage: scripts/local-slurm.sh start|stop DIR"
action=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
conf="$dir/slurm.conf"

# stops the daemons whose pid files are in DIR (slurmd, slurmctld, and munged when this script started it)
stop() {
  for d in "$@"; do
    if [[ -f "$dir/$d.pid" ]]; then
      kill "$(cat "$dir/$d.pid")" 2>/dev/null || true
      rm -f "$dir/$d.pid"
    fi
  done
}

case "$action" in
  stop) stop slurmd slurmctld munged; echo "local SLURM in $dir stopped"; exit 0 ;;
  start) ;;
  *) die "the action must be start or stop, found '$action'" ;;
esac

for tool in slurmctld slurmd sbatch munged; do
  command -v "$tool" >/dev/null || die "'$tool' not found: apt-get install slurm-wlm munge"
done
[[ $(id -u) -eq 0 ]] || die "run as root (slurmd needs it)"

# munge: a key owned by the munge user, mode 400; one daemon (ours, or one already running)
if [[ ! -s /etc/munge/munge.key ]]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge && chown munge:munge /run/munge
if ! munge -n >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged 2>/dev/null || die "munged did not start"
  for _ in $(seq 1 10); do munge -n >/dev/null 2>&1 && break; sleep 0.5; done
  munge -n >/dev/null 2>&1 || die "munge does not answer after starting munged"
  cp /run/munge/munged.pid "$dir/munged.pid" # ours to stop (munged keeps its pid file in /run/munge)
fi

node=$(slurmd -C | head -1)
name=$(sed -n 's/.*NodeName=\([^ ]*\).*/\1/p' <<<"$node")
cpus=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$node")
memory=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$node")
mkdir -p "$dir/state" "$dir/spool"
cat >"$conf" <<CONF
ClusterName=local
SlurmctldHost=$name
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=$name CPUs=$cpus RealMemory=$((memory * 9 / 10)) State=UNKNOWN
PartitionName=local Nodes=$name Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
stop slurmd slurmctld # left by an earlier start in the same folder
slurmctld -f "$conf"
slurmd -f "$conf"
for _ in $(seq 1 30); do
  if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    echo "local SLURM up: node $name, $cpus CPUs; export SLURM_CONF=$conf"
    exit 0
  fi
  sleep 1
done
die "the node did not come up within 30 s: see $dir/slurmctld.log and $dir/slurmd.log"
