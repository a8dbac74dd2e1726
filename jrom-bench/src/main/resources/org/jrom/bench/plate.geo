// A plate with two holes, meshed unstructured by Gmsh (Frontal-Delaunay): the mesh of
// SparseCholeskyBench's plate matrices. Mesh size: gmsh -2 -clmax H plate.geo -o plate.msh
SetFactory("OpenCASCADE");
Rectangle(1) = {0, 0, 0, 2, 1};
Disk(2) = {0.6, 0.5, 0, 0.25};
Disk(3) = {1.4, 0.45, 0, 0.2};
BooleanDifference(4) = { Surface{1}; Delete; }{ Surface{2, 3}; Delete; };
Physical Surface("plate") = {4};
Physical Curve("boundary") = Boundary{ Surface{4}; };
Mesh.MshFileVersion = 4.1;
