// L-shaped domain [0,2]x[0,1] u [0,1]x[1,2], area 3, in two subdomains.
h = 0.25;
Point(1) = {0, 0, 0, h};
Point(2) = {2, 0, 0, h};
Point(3) = {2, 1, 0, h};
Point(4) = {1, 1, 0, h};
Point(5) = {1, 2, 0, h};
Point(6) = {0, 2, 0, h};
Point(7) = {0, 1, 0, h};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 5};
Line(5) = {5, 6};
Line(6) = {6, 7};
Line(7) = {7, 1};
Line(8) = {4, 7};
Curve Loop(1) = {1, 2, 3, 8, 7};
Plane Surface(1) = {1};
// the upper square is bounded clockwise: its normal is -z and Gmsh orients its triangles clockwise
Curve Loop(2) = {-6, -5, -4, 8};
Plane Surface(2) = {2};
Physical Surface("bottom block", 1) = {1};
Physical Surface("top block", 2) = {2};
Physical Curve("clamped", 10) = {1};
Physical Curve("free", 11) = {2, 3, 4, 5, 6, 7};
