#!/usr/bin/python3
"""DOLFINx peer of org.jrom.bench.ElasticityPeer: the same 3D linear-elastic problem on the same mesh.

    /usr/bin/python3 jrom-bench/dolfinx_elasticity.py --degree 2 --cubes 22 --mesh-dir /tmp/m \
        --phases assemble,direct [--repeat 3] [--pc gamg]
    mpirun -n 2 /usr/bin/python3 jrom-bench/dolfinx_elasticity.py ...   # two MPI processes

Needs Debian's python3-dolfinx (run with /usr/bin/python3) and the mesh written by
`ElasticityPeer --mesh-dir DIR` (coords-N.npy, cells-N.npy: jrom's nodes and Kuhn tetrahedra), so
that both programs solve on the identical triangulation. Unit cube, vector P1 or P2, E = 200,000,
nu = 0.3, clamped at x = 0, body force (0, 0, -1).

Phases, each timed --repeat times (wall and process CPU seconds; the forms are JIT-compiled once
before, outside the timings):
  assemble   the stiffness matrix with the Dirichlet rows: zeroEntries, assemble_matrix, assemble
             (the sparsity pattern, create_matrix, is timed once as the setup)
  direct     PETSc KSP preonly + Cholesky by MUMPS (symbolic, numeric, one solve)
  iterative  CG + GAMG with the six rigid-body modes as near-nullspace (as the DOLFINx elasticity
             demo), to a relative unpreconditioned residual of 1e-8
The solves print the compliance f.u and ||u|| for the comparison with jrom.
"""
import argparse
import sys
import time

import numpy as np
import ufl
from mpi4py import MPI
from petsc4py import PETSc

import dolfinx
import dolfinx.fem.petsc
from dolfinx import fem, la

E, NU, FORCE, TOLERANCE = 200_000.0, 0.3, -1.0, 1e-8
comm = MPI.COMM_WORLD


def clock():
    comm.Barrier()
    return time.perf_counter(), time.process_time()


def report(what, start):
    w, c = clock()
    cpu = comm.allreduce(c - start[1], op=MPI.SUM)
    if comm.rank == 0:
        print(f"{what:40s} wall {w - start[0]:8.3f} s  cpu {cpu:8.3f} s", flush=True)


def build_nullspace(V):
    """The six rigid-body modes (the DOLFINx 0.5 elasticity demo)."""
    index_map = V.dofmap.index_map
    bs = V.dofmap.index_map_bs
    ns = [la.create_petsc_vector(index_map, bs) for _ in range(6)]
    with ExitStack() as stack:
        vecs = [stack.enter_context(x.localForm()) for x in ns]
        dofs = [V.sub(i).dofmap.list.array for i in range(3)]
        basis = [np.asarray(x) for x in vecs]
        for i in range(3):
            basis[i][dofs[i]] = 1.0
        x = V.tabulate_dof_coordinates()
        dofs_block = V.dofmap.list.array
        x0, x1, x2 = x[dofs_block, 0], x[dofs_block, 1], x[dofs_block, 2]
        basis[3][dofs[0]] = -x1
        basis[3][dofs[1]] = x0
        basis[4][dofs[0]] = x2
        basis[4][dofs[2]] = -x0
        basis[5][dofs[2]] = x1
        basis[5][dofs[1]] = -x2
    la.orthonormalize(ns)
    return PETSc.NullSpace().create(vectors=ns)


from contextlib import ExitStack  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--degree", type=int, default=2)
    p.add_argument("--cubes", type=int, required=True)
    p.add_argument("--mesh-dir", required=True)
    p.add_argument("--phases", default="assemble")
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--pc", default="gamg", help="gamg (iterative phase)")
    p.add_argument("--mumps-ordering", type=int, default=7,
                   help="MUMPS ICNTL(7): 0 AMD, 2 AMF, 3 SCOTCH, 4 PORD, 5 METIS, 6 QAMD, 7 automatic (default)")
    args = p.parse_args()
    phases = set(args.phases.split(","))
    if comm.rank == 0:
        print(f"DOLFINx {dolfinx.__version__}, PETSc {'.'.join(map(str, PETSc.Sys.getVersion()))}, "
              f"{comm.size} MPI process(es)", flush=True)

    t = clock()
    if comm.rank == 0:
        x = np.load(f"{args.mesh_dir}/coords-{args.cubes}.npy")
        cells = np.load(f"{args.mesh_dir}/cells-{args.cubes}.npy").astype(np.int64)
    else:
        x = np.zeros((0, 3))
        cells = np.zeros((0, 4), dtype=np.int64)
    domain = ufl.Mesh(ufl.VectorElement("Lagrange", ufl.tetrahedron, 1))
    mesh = dolfinx.mesh.create_mesh(comm, cells, x, domain)
    report("mesh (read, create_mesh)", t)

    t = clock()
    V = fem.VectorFunctionSpace(mesh, ("Lagrange", args.degree))
    fdim = mesh.topology.dim - 1
    facets = dolfinx.mesh.locate_entities_boundary(mesh, fdim, lambda x: np.isclose(x[0], 0.0))
    bdofs = fem.locate_dofs_topological(V, fdim, facets)
    bc = fem.dirichletbc(np.zeros(3, dtype=PETSc.ScalarType), bdofs, V)
    report("function space, boundary dofs", t)
    n_global = V.dofmap.index_map.size_global * V.dofmap.index_map_bs
    n_bc = comm.allreduce(len(bdofs) * 3 if len(bdofs) else 0, op=MPI.SUM)
    if comm.rank == 0:
        print(f"P{args.degree}, {args.cubes}^3 cubes, {mesh.topology.index_map(3).size_global} cells, "
              f"{n_global} unknowns ({n_bc} clamped, counted with ghosts)", flush=True)

    mu = E / (2 * (1 + NU))
    lmbda = E * NU / ((1 + NU) * (1 - 2 * NU))
    u, v = ufl.TrialFunction(V), ufl.TestFunction(V)

    def eps(w):
        return ufl.sym(ufl.grad(w))

    def sigma(w):
        return 2 * mu * eps(w) + lmbda * ufl.tr(eps(w)) * ufl.Identity(3)

    f = fem.Constant(mesh, PETSc.ScalarType((0.0, 0.0, FORCE)))
    t = clock()
    a = fem.form(ufl.inner(sigma(u), eps(v)) * ufl.dx)
    L = fem.form(ufl.inner(f, v) * ufl.dx)
    report("form compilation (JIT, not counted)", t)

    t = clock()
    A = dolfinx.fem.petsc.create_matrix(a)
    report("setup (sparsity, create_matrix)", t)
    rounds = args.repeat if "assemble" in phases else 1
    for _ in range(rounds):
        t = clock()
        A.zeroEntries()
        dolfinx.fem.petsc.assemble_matrix(A, a, bcs=[bc])
        A.assemble()
        report("assembly (assemble_matrix)", t)
    if comm.rank == 0:
        print(f"nnz(A) {int(A.getInfo(PETSc.Mat.InfoType.GLOBAL_SUM)['nz_used'])}", flush=True)
    if not phases & {"direct", "iterative"}:
        return

    t = clock()
    b = dolfinx.fem.petsc.assemble_vector(L)
    dolfinx.fem.petsc.apply_lifting(b, [a], bcs=[[bc]])
    b.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
    dolfinx.fem.petsc.set_bc(b, [bc])
    report("load vector", t)
    A.setOption(PETSc.Mat.Option.SPD, True)

    def solution(what, uh):
        r = b.duplicate()
        A.mult(uh, r)
        r.axpy(-1.0, b)
        if comm.rank == 0:
            print(f"{what}: compliance f.u {b.dot(uh):.12e}, ||u|| {uh.norm():.12e}, "
                  f"relative residual {r.norm() / b.norm():.3e}", flush=True)
        else:
            b.dot(uh), uh.norm(), r.norm(), b.norm()

    if "direct" in phases:
        for _ in range(args.repeat):
            uh = b.duplicate()
            t = clock()
            ksp = PETSc.KSP().create(comm)
            ksp.setOperators(A)
            ksp.setType("preonly")
            pc = ksp.getPC()
            pc.setType("cholesky")
            pc.setFactorSolverType("mumps")
            pc.setFactorSetUpSolverType()
            PETSc.Options()["mat_mumps_icntl_7"] = args.mumps_ordering
            pc.getFactorMatrix().setFromOptions()
            t1 = clock()
            pc.setUp()
            report("mumps cholesky (analysis + factor)", t1)
            t2 = clock()
            ksp.solve(b, uh)
            report("mumps solve", t2)
            report("direct (factor + solve)", t)
            fm = pc.getFactorMatrix()
            if comm.rank == 0:
                print(f"MUMPS ordering INFOG(7) {fm.getMumpsInfog(7)}, nnz(L) INFOG(29) {fm.getMumpsInfog(29)}, "
                      f"flops RINFOG(3) {fm.getMumpsRinfog(3):.3e}", flush=True)
            solution("direct", uh)
            ksp.destroy()

    if "iterative" in phases:
        ns = build_nullspace(V)
        A.setNearNullSpace(ns)
        opts = PETSc.Options()
        for k, val in {
            "ksp_type": "cg",
            "ksp_rtol": TOLERANCE,
            "ksp_atol": 0.0,
            "ksp_max_it": 20000,
            "ksp_norm_type": "unpreconditioned",
            "pc_type": args.pc,
            "pc_gamg_type": "agg",
            "pc_gamg_coarse_eq_limit": 1000,
            "pc_gamg_agg_nsmooths": 1,
            "mg_levels_ksp_type": "chebyshev",
            "mg_levels_pc_type": "jacobi",
            "mg_levels_esteig_ksp_type": "cg",
            "mg_levels_ksp_chebyshev_esteig_steps": 20,
            "matptap_via": "scalable",
        }.items():
            opts[f"el_{k}"] = val
        for _ in range(args.repeat):
            uh = b.duplicate()
            t = clock()
            ksp = PETSc.KSP().create(comm)
            ksp.setOptionsPrefix("el_")
            ksp.setOperators(A)
            ksp.setFromOptions()
            t1 = clock()
            ksp.setUp()
            report(f"preconditioner {args.pc} (setup)", t1)
            t2 = clock()
            ksp.solve(b, uh)
            report("cg", t2)
            report("iterative (preconditioner + cg)", t)
            if comm.rank == 0:
                print(f"cg iterations {ksp.getIterationNumber()}, converged reason {ksp.getConvergedReason()}",
                      flush=True)
            solution("iterative", uh)
            ksp.destroy()


if __name__ == "__main__":
    sys.exit(main())
