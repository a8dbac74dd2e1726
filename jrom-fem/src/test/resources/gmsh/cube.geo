// Unit cube [0,1]^3 by extrusion, volume 1.
h = 0.5;
Point(1) = {0, 0, 0, h};
Point(2) = {1, 0, 0, h};
Point(3) = {1, 1, 0, h};
Point(4) = {0, 1, 0, h};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
out[] = Extrude {0, 0, 1} { Surface{1}; };
Physical Volume("solid", 5) = {out[1]};
Physical Surface("bottom", 1) = {1};
Physical Surface("top", 2) = {out[0]};
Physical Surface("sides", 3) = {out[2], out[3], out[4], out[5]};
